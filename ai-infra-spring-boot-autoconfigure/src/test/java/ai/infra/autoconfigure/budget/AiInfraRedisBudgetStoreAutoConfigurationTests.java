package ai.infra.autoconfigure.budget;

import java.time.Duration;
import java.time.Instant;

import ai.infra.autoconfigure.FailureAnalyses;
import ai.infra.internal.budget.SpendStore;
import ai.infra.internal.budget.SpendStoreUnavailableException;
import ai.infra.internal.budget.redis.RedisSpendStore;
import ai.infra.test.net.BlackHoleServer;
import ai.infra.test.redis.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AiInfraRedisBudgetStoreAutoConfiguration} with Boot's Redis
 * auto-configuration and a real {@code redis-server}.
 */
class AiInfraRedisBudgetStoreAutoConfigurationTests {

	private static final Instant WINDOW_START = Instant.parse("2026-12-01T00:00:00Z");

	private static final Duration WINDOW = Duration.ofDays(365);

	private static RedisServer redis;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				AiInfraRedisBudgetStoreAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.timeout=500ms",
				"spring.data.redis.connect-timeout=500ms");

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void shouldKeepSpendInMemoryByDefault() {
		this.contextRunner.withPropertyValues(redisPort(redis.port()))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SpendStore.class));
	}

	@Test
	void shouldStoreSpendInTheRedisOfSpringDataRedisProperties() {
		this.contextRunner.withPropertyValues("ai-infra.budget.store=redis", redisPort(redis.port()))
			.run((context) -> {
				SpendStore store = context.getBean(SpendStore.class);
				assertThat(store).isInstanceOf(RedisSpendStore.class);
				store.add("shop-1", WINDOW_START, WINDOW, 1234);
				assertThat(redis.command("GET", "ai-infra:budget:shop-1:" + WINDOW_START.getEpochSecond()))
					.isEqualTo("1234");
			});
	}

	@Test
	void shouldShareOneSpendBetweenTwoApplications() {
		ApplicationContextRunner instance = this.contextRunner.withPropertyValues("ai-infra.budget.store=redis",
				redisPort(redis.port()));
		instance.run((first) -> instance.run((second) -> {
			SpendStore one = first.getBean(SpendStore.class);
			SpendStore other = second.getBean(SpendStore.class);
			assertThat(one).isNotSameAs(other);
			assertThat(one.add("shop-2", WINDOW_START, WINDOW, 700)).isEqualTo(700);
			assertThat(other.add("shop-2", WINDOW_START, WINDOW, 300)).isEqualTo(1000);
			assertThat(one.spent("shop-2", WINDOW_START)).isEqualTo(1000);
		}));
	}

	@Test
	void shouldAnswerFromLocalSpendWhileRedisIsUnreachableByDefault() {
		this.contextRunner.withPropertyValues("ai-infra.budget.store=redis", redisPort(BlackHoleServer.refusingPort()))
			.run((context) -> {
				SpendStore store = context.getBean(SpendStore.class);
				assertThat(store.add("shop-3", WINDOW_START, WINDOW, 25)).isEqualTo(25);
				assertThat(store.spent("shop-3", WINDOW_START)).isEqualTo(25);
			});
	}

	@Test
	void shouldRefuseReadsWhileRedisIsUnreachableWhenDenying() {
		this.contextRunner
			.withPropertyValues("ai-infra.budget.store=redis", "ai-infra.budget.on-store-failure=deny",
					redisPort(BlackHoleServer.refusingPort()))
			.run((context) -> {
				SpendStore store = context.getBean(SpendStore.class);
				assertThat(store.add("shop-4", WINDOW_START, WINDOW, 25)).isEqualTo(25);
				assertThatExceptionOfType(SpendStoreUnavailableException.class)
					.isThrownBy(() -> store.spent("shop-4", WINDOW_START));
			});
	}

	@Test
	void shouldCountStoreFailuresInAMeter() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("ai-infra.budget.store=redis", redisPort(BlackHoleServer.refusingPort()))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("ai.budget.store.failures").functionCounter().count()).isZero();
				SpendStore store = context.getBean(SpendStore.class);
				store.add("shop-5", WINDOW_START, WINDOW, 1);
				store.spent("shop-5", WINDOW_START);
				assertThat(registry.get("ai.budget.store.failures").functionCounter().count()).isEqualTo(2);
			});
	}

	@Test
	void shouldLeaveTheStoreFailuresOutOfTheMetersWhenAiInfraMetersAreOff() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("ai-infra.budget.store=redis", "ai-infra.tracing.enable-metrics=false",
					redisPort(redis.port()))
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisSpendStore.class);
				assertThat(context.getBean(MeterRegistry.class).find("ai.budget.store.failures").meter()).isNull();
			});
	}

	@Test
	void shouldConfigureNoStoreWhenAiInfraIsOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("ai-infra.budget.store=redis", "ai-infra.tracing.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SpendStore.class));
	}

	@Test
	void shouldBackOffFromAStoreOfTheApplication() {
		this.contextRunner.withUserConfiguration(OwnStore.class)
			.withPropertyValues("ai-infra.budget.store=redis", redisPort(redis.port()))
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(SpendStore.class)
				.isSameAs(context.getBean(OwnStore.class).store));
	}

	@Test
	void shouldFailStartUpNamingTheDependencyWhenSpringDataRedisIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("ai-infra.budget.store=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalyses.registered(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'redis'", "'ai-infra.budget.store'",
						"Spring Data Redis, which is not on the class path");
				assertThat(analysis.getAction())
					.contains("org.springframework.boot:spring-boot-starter-data-redis", "ai-infra.budget.store=memory");
			});
	}

	@Test
	void shouldStartWithoutSpringDataRedisWhenSpendStaysInMemory() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("ai-infra.budget.store=memory")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SpendStore.class));
	}

	private static String redisPort(int port) {
		return "spring.data.redis.port=" + port;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		final SpendStore store = new SpendStore() {

			@Override
			public long spent(String tenant, Instant windowStart) {
				return 0;
			}

			@Override
			public long add(String tenant, Instant windowStart, Duration window, long picos) {
				return picos;
			}

		};

		@Bean
		SpendStore ownSpendStore() {
			return this.store;
		}

	}

}
