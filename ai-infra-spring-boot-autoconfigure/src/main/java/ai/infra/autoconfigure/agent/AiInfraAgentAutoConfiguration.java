package ai.infra.autoconfigure.agent;

import ai.infra.agent.AiAgent;
import ai.infra.autoconfigure.llm.AiInfraLlmTracingAutoConfiguration;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/**
 * Auto-configuration of a prototype {@link AiAgent.Builder} on Spring AI's
 * {@code ChatClient.Builder}, whose runs are traced and priced by the model-call
 * instrumentation.
 */
@AutoConfiguration(after = AiInfraLlmTracingAutoConfiguration.class,
		afterName = "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration")
@ConditionalOnClass(ChatClient.class)
@ConditionalOnBean(ChatClient.Builder.class)
public final class AiInfraAgentAutoConfiguration {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	AiAgent.Builder aiAgentBuilder(ChatClient.Builder chatClientBuilder) {
		return AiAgent.builder(chatClientBuilder);
	}

}
