package ai.infra.autoconfigure.tool;

import ai.infra.agent.AiAgent;
import ai.infra.autoconfigure.agent.AiInfraAgentAutoConfiguration;
import ai.infra.autoconfigure.llm.AiInfraLlmTracingAutoConfiguration;
import ai.infra.autoconfigure.llm.AiInfraMetricsAutoConfiguration;
import ai.infra.autoconfigure.tracing.AiInfraTracingAutoConfiguration;
import ai.infra.internal.tool.AiToolTracingPostProcessor;
import ai.infra.internal.tool.FailureRecordingToolExecutionExceptionProcessor;
import ai.infra.internal.tool.ToolCallObservationHandler;
import ai.infra.tool.AiTool;
import ai.infra.tool.AiToolRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.execution.DefaultToolExecutionExceptionProcessor;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AiInfraToolAutoConfiguration}, {@link AiInfraToolTracingAutoConfiguration}
 * and {@link AiInfraAgentAutoConfiguration}.
 */
class AiInfraToolAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class,
				AiInfraMetricsAutoConfiguration.class, AiInfraLlmTracingAutoConfiguration.class,
				AiInfraToolAutoConfiguration.class, AiInfraToolTracingAutoConfiguration.class,
				AiInfraAgentAutoConfiguration.class))
		.withUserConfiguration(ToolsConfiguration.class)
		.withPropertyValues("ai-infra.tracing.exporter=none");

	@Test
	void shouldOfferAiToolMethodsAsToolCallbacksAndTraceThem() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ToolCallObservationHandler.class)
				.hasSingleBean(AiToolTracingPostProcessor.class);
			ToolCallback[] callbacks = context.getBean(AiToolRegistry.class).getToolCallbacks();
			assertThat(callbacks).extracting((callback) -> callback.getToolDefinition().name())
				.containsExactly("lookup");
			assertThat(callbacks[0].getToolDefinition().description()).isEqualTo("Look a word up");
			assertThat(callbacks[0].getToolDefinition().inputSchema()).contains("\"word\"");
			assertThat(AopUtils.isAopProxy(context.getBean(Dictionary.class))).isTrue();
			assertThat(context.getBean(ToolExecutionExceptionProcessor.class))
				.isInstanceOf(FailureRecordingToolExecutionExceptionProcessor.class);
		});
	}

	@Test
	void shouldKeepToolsButNotTraceThemWhenDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(AiToolRegistry.class)
				.doesNotHaveBean(ToolCallObservationHandler.class)
				.doesNotHaveBean(AiToolTracingPostProcessor.class);
			assertThat(AopUtils.isAopProxy(context.getBean(Dictionary.class))).isFalse();
			assertThat(context.getBean(ToolExecutionExceptionProcessor.class))
				.isInstanceOf(DefaultToolExecutionExceptionProcessor.class);
			assertThat(context.getBean(AiToolRegistry.class).getToolCallbacks()).hasSize(1);
		});
	}

	@Test
	void shouldBackOffWithoutSpringAiTools() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ToolCallback.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AiToolRegistry.class)
				.doesNotHaveBean(ToolCallObservationHandler.class));
	}

	@Test
	void shouldOfferAPrototypeAgentBuilderWhereAChatClientBuilderExists() {
		this.contextRunner.withUserConfiguration(ChatClientConfiguration.class).run((context) -> {
			assertThat(context.getBean(AiAgent.Builder.class)).isNotSameAs(context.getBean(AiAgent.Builder.class));
			assertThat(context.getBean(AiAgent.Builder.class).name("a").build().name()).isEqualTo("a");
		});
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(AiAgent.Builder.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class ToolsConfiguration {

		@Bean
		Dictionary dictionary() {
			return new Dictionary();
		}

		@Bean
		ToolExecutionExceptionProcessor toolExecutionExceptionProcessor() {
			return DefaultToolExecutionExceptionProcessor.builder().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ChatClientConfiguration {

		@Bean
		@org.springframework.context.annotation.Scope("prototype")
		ChatClient.Builder chatClientBuilder() {
			return ChatClient.builder(mock(ChatModel.class));
		}

	}

	public static class Dictionary {

		@AiTool(description = "Look a word up")
		public String lookup(String word) {
			return word + ": a word";
		}

	}

}
