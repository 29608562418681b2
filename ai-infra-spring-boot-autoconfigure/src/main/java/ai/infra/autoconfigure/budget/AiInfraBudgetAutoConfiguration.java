package ai.infra.autoconfigure.budget;

import java.time.Clock;
import java.util.Locale;

import ai.infra.autoconfigure.ConditionalOnAiInfraEnabled;
import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.autoconfigure.budget.AiInfraBudgetProperties.Action;
import ai.infra.autoconfigure.budget.AiInfraBudgetProperties.Store;
import ai.infra.internal.budget.BudgetMeters;
import ai.infra.internal.budget.BudgetRules;
import ai.infra.internal.budget.Budgets;
import ai.infra.internal.budget.MemorySpendStore;
import ai.infra.internal.budget.SpendStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of budgets: a cost limit per agent run or tool loop and per value of
 * a baggage key (a tenant) over a window, applied by the model-call instrumentation
 * before a request leaves the process. Spend lives in a {@link SpendStore}: this
 * instance's memory unless another auto-configuration, such as the Redis one, or the
 * application supplies one. With Actuator, the {@code aibudget} endpoint shows it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.ai.chat.observation.ChatModelObservationContext")
@ConditionalOnAiInfraEnabled
@EnableConfigurationProperties(AiInfraBudgetProperties.class)
@Import({ AiInfraBudgetAutoConfiguration.Meters.class, AiInfraBudgetAutoConfiguration.EndpointConfiguration.class })
public final class AiInfraBudgetAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SpendStore.class)
	MemorySpendStore aiInfraMemorySpendStore() {
		return new MemorySpendStore();
	}

	@Bean
	@ConditionalOnMissingBean
	Budgets aiInfraBudgets(AiInfraBudgetProperties properties, SpendStore store, ObjectProvider<Clock> clock,
			ObjectProvider<BudgetMeters> meters, Environment environment) {
		if (properties.getStore() == Store.REDIS && store instanceof MemorySpendStore) {
			throw new InvalidAiInfraPropertyException(AiInfraBudgetProperties.PREFIX + "store", "redis",
					"the redis store needs Spring Data Redis (spring-boot-starter-data-redis) on the class path",
					AiInfraBudgetProperties.PREFIX + "store=memory")
				.locatedIn(environment);
		}
		try {
			BudgetLimits.requireAmounts(AiInfraBudgetProperties.PREFIX + "limits", properties.getLimits());
		}
		catch (InvalidAiInfraPropertyException ex) {
			throw ex.locatedIn(environment);
		}
		BudgetRules rules = new BudgetRules(properties.getPerRun(), properties.getKey(), properties.getWindow(),
				properties.getDefaultLimit(), properties.getLimits(), properties.getAction() == Action.BLOCK);
		return new Budgets(store, rules, clock.getIfUnique(Clock::systemUTC), meters.getIfAvailable(),
				storeName(store, properties));
	}

	// What the aibudget endpoint calls the store: an application's own store by its type.
	private static String storeName(SpendStore store, AiInfraBudgetProperties properties) {
		if (store instanceof MemorySpendStore) {
			return "memory";
		}
		return (properties.getStore() == Store.REDIS) ? properties.getStore().name().toLowerCase(Locale.ROOT)
				: store.getClass().getSimpleName();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "ai-infra.tracing.enable-metrics", matchIfMissing = true)
	static class Meters {

		@Bean
		@ConditionalOnMissingBean
		BudgetMeters aiInfraBudgetMeters(MeterRegistry meterRegistry) {
			return new BudgetMeters(meterRegistry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint(AiBudgetEndpoint.class)
		AiBudgetEndpoint aiBudgetEndpoint(Budgets budgets) {
			return new AiBudgetEndpoint(budgets);
		}

	}

}
