package ai.infra.autoconfigure.agent;

import ai.infra.agent.AiAgent;
import ai.infra.autoconfigure.llm.AiInfraLlmTracingAutoConfiguration;
import ai.infra.internal.cost.CostCalculator;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/**
 * Auto-configuration of a prototype {@link AiAgent.Builder} on Spring AI's
 * {@code ChatClient.Builder}, pricing runs with the application's price table.
 */
@AutoConfiguration(after = AiInfraLlmTracingAutoConfiguration.class,
		afterName = "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration")
@ConditionalOnClass(ChatClient.class)
@ConditionalOnBean(ChatClient.Builder.class)
public final class AiInfraAgentAutoConfiguration {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	AiAgent.Builder aiAgentBuilder(ChatClient.Builder chatClientBuilder, ObjectProvider<CostCalculator> costCalculator) {
		AiAgent.Builder builder = AiAgent.builder(chatClientBuilder);
		costCalculator.ifAvailable(builder::costCalculator);
		return builder;
	}

}
