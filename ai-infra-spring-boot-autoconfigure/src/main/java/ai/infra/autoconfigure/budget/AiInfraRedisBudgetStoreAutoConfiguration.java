package ai.infra.autoconfigure.budget;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import ai.infra.autoconfigure.ConditionalOnAiInfraEnabled;
import ai.infra.autoconfigure.budget.AiInfraBudgetProperties.StoreFailureAction;
import ai.infra.internal.budget.SpendStore;
import ai.infra.internal.budget.redis.RedisSpendStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of the Redis spend store for {@code ai-infra.budget.store=redis}:
 * every instance connected to the same Redis database (Boot's
 * {@code spring.data.redis.*}) shares one spend per tenant and window. Without Spring
 * Data Redis on the class path, start-up fails and says which dependency to add, rather
 * than falling back to a spend per instance.
 */
@AutoConfiguration(afterName = AiInfraRedisBudgetStoreAutoConfiguration.DATA_REDIS_AUTO_CONFIGURATION,
		beforeName = AiInfraRedisBudgetStoreAutoConfiguration.BUDGET_AUTO_CONFIGURATION)
@ConditionalOnAiInfraEnabled
@ConditionalOnClass(name = AiInfraRedisBudgetStoreAutoConfiguration.SPRING_AI_CHAT_OBSERVATION)
@ConditionalOnProperty(prefix = "ai-infra.budget", name = "store", havingValue = "redis")
@EnableConfigurationProperties(AiInfraBudgetProperties.class)
public final class AiInfraRedisBudgetStoreAutoConfiguration {

	static final String DATA_REDIS_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration";

	static final String BUDGET_AUTO_CONFIGURATION = "ai.infra.autoconfigure.budget.AiInfraBudgetAutoConfiguration";

	// Budgets, and so their store, exist only where model calls are observed
	static final String SPRING_AI_CHAT_OBSERVATION = "org.springframework.ai.chat.observation.ChatModelObservationContext";

	/**
	 * How long the store leaves Redis alone after a failure: short enough that budgets
	 * are shared again within a second of Redis coming back, long enough that calls do
	 * not each wait for the command timeout while it is down.
	 */
	static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	static class RedisSpendStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SpendStore.class)
		RedisSpendStore aiInfraRedisSpendStore(ObjectProvider<RedisConnectionFactory> connectionFactory,
				AiInfraBudgetProperties properties, ObjectProvider<Clock> clock) {
			// Looked up at the first budget check: Boot's Lettuce client resources observe
			// their commands, so creating them now, while the observation registry's
			// handlers are being created with the budgets that need this store, would be a
			// cycle
			Supplier<StringRedisTemplate> template = SingletonSupplier
				.of(() -> new StringRedisTemplate(connectionFactory.getObject()));
			// The budgets' clock, so that keys expire at the end of the windows they compute
			return new RedisSpendStore(template, properties.getOnStoreFailure() == StoreFailureAction.DENY,
					RETRY_INTERVAL, clock.getIfUnique(Clock::systemUTC));
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterBinder.class)
		@ConditionalOnBooleanProperty(name = "ai-infra.tracing.enable-metrics", matchIfMissing = true)
		static class RedisSpendStoreMetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean(name = "aiInfraRedisSpendStoreMetrics")
			MeterBinder aiInfraRedisSpendStoreMetrics(ObjectProvider<RedisSpendStore> store) {
				return (registry) -> store.ifAvailable((redis) -> FunctionCounter
					.builder("ai.budget.store.failures", redis, RedisSpendStore::failures)
					.description("Spend store operations that could not reach Redis and used this instance's spend")
					.register(registry));
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.core.StringRedisTemplate")
	@ConditionalOnMissingBean(SpendStore.class)
	static class SpringDataRedisMissingConfiguration {

		SpringDataRedisMissingConfiguration() {
			throw new SpringDataRedisMissingException();
		}

	}

}
