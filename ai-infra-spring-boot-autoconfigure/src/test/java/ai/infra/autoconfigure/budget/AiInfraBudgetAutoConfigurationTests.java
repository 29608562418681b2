package ai.infra.autoconfigure.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.internal.budget.BudgetMeters;
import ai.infra.internal.budget.BudgetReport;
import ai.infra.internal.budget.BudgetRules;
import ai.infra.internal.budget.Budgets;
import ai.infra.internal.budget.MemorySpendStore;
import ai.infra.internal.budget.SpendStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiInfraBudgetAutoConfiguration}.
 */
class AiInfraBudgetAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AiInfraBudgetAutoConfiguration.class));

	@Test
	void shouldKeepSpendInMemoryByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MemorySpendStore.class).hasSingleBean(Budgets.class);
			BudgetReport report = context.getBean(Budgets.class).report();
			assertThat(report.store()).isEqualTo("memory");
			assertThat(report.key()).isEqualTo("tenant.id");
			assertThat(report.window()).isEqualTo("PT24H");
			assertThat(report.action()).isEqualTo("warn");
			assertThat(report.tenants()).isEmpty();
		});
	}

	@Test
	void shouldUseTheSpendStoreAnotherConfigurationSupplies() {
		this.contextRunner.withUserConfiguration(OwnStore.class).run((context) -> {
			assertThat(context).doesNotHaveBean(MemorySpendStore.class).hasSingleBean(SpendStore.class);
			assertThat(context.getBean(Budgets.class).report().store()).isEqualTo("CountingStore");
		});
	}

	@Test
	void shouldBackOffFromAnApplicationsOwnBudgets() {
		this.contextRunner.withUserConfiguration(OwnBudgets.class)
			.run((context) -> assertThat(context).getBean(Budgets.class).isSameAs(OwnBudgets.BUDGETS));
	}

	@Test
	void shouldCutWindowsFromTheApplicationsClock() {
		this.contextRunner.withUserConfiguration(FixedClock.class)
			.withPropertyValues("ai-infra.budget.window=1h", "ai-infra.budget.limits.acme=5")
			.run((context) -> assertThat(context.getBean(Budgets.class).report().tenants().get("acme"))
				.satisfies((acme) -> {
					assertThat(acme.windowStart()).isEqualTo("2026-03-01T10:00:00Z");
					assertThat(acme.windowEnd()).isEqualTo("2026-03-01T11:00:00Z");
					assertThat(acme.spent()).isZero();
					assertThat(acme.remaining()).isEqualTo(5);
				}));
	}

	@Test
	void shouldRegisterTheBudgetMetersOnlyWithAMeterRegistryAndMetricsEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(BudgetMeters.class));
		this.contextRunner.withUserConfiguration(Meters.class).run((context) -> {
			assertThat(context).hasSingleBean(BudgetMeters.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("ai.budget.warnings").tag("level", "80").counter().count()).isZero();
			assertThat(registry.get("ai.budget.warnings").tag("level", "100").counter().count()).isZero();
			assertThat(registry.get("ai.budget.blocked").counter().count()).isZero();
		});
		this.contextRunner.withUserConfiguration(Meters.class)
			.withPropertyValues("ai-infra.tracing.enable-metrics=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BudgetMeters.class));
	}

	@Test
	void shouldRegisterTheEndpointOnlyWhenItIsExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(AiBudgetEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=aibudget")
			.run((context) -> assertThat(context).hasSingleBean(AiBudgetEndpoint.class));
	}

	@Test
	void shouldRegisterNoEndpointWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=aibudget")
			.run((context) -> assertThat(context).hasSingleBean(Budgets.class)
				.doesNotHaveBean(AiBudgetEndpoint.class));
	}

	@Test
	void shouldRegisterNothingWithoutSpringAi() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ChatModelObservationContext.class))
			.run((context) -> assertThat(context).doesNotHaveBean(Budgets.class).doesNotHaveBean(SpendStore.class));
	}

	@Test
	void shouldRegisterNothingWhenAiInfraIsDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Budgets.class).doesNotHaveBean(SpendStore.class));
	}

	@Test
	void shouldFailWhenTheRedisStoreIsSelectedWithoutOne() {
		this.contextRunner.withPropertyValues("ai-infra.budget.store=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidAiInfraPropertyException.class)
				.hasMessageContaining("ai-infra.budget.store")
				.hasMessageContaining("Spring Data Redis");
		});
	}

	@Test
	void shouldFailOnALimitThatIsNegative() {
		this.contextRunner.withPropertyValues("ai-infra.budget.limits.acme=-2").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidAiInfraPropertyException.class)
				.hasMessageContaining("ai-infra.budget.limits.acme");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		@Bean
		SpendStore countingStore() {
			return new CountingStore();
		}

	}

	static class CountingStore implements SpendStore {

		@Override
		public long spent(String tenant, Instant windowStart) {
			return 0;
		}

		@Override
		public long add(String tenant, Instant windowStart, Duration window, long picos) {
			return picos;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBudgets {

		static final Budgets BUDGETS = new Budgets(new MemorySpendStore(),
				new BudgetRules(null, "team", Duration.ofHours(1), null, Map.of(), false),
				Clock.systemUTC(), null, "memory");

		@Bean
		Budgets ownBudgets() {
			return BUDGETS;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		Clock clock() {
			return Clock.fixed(Instant.parse("2026-03-01T10:42:00Z"), ZoneOffset.UTC);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
