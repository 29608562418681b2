package ai.infra.autoconfigure.logging;

import ai.infra.internal.logging.TraceMdcEventListener;
import io.micrometer.tracing.otel.bridge.EventListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiInfraLoggingAutoConfiguration}.
 */
class AiInfraLoggingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AiInfraLoggingAutoConfiguration.class));

	@Test
	void shouldListenToScopeEventsForTraceIdsInTheMdc() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TraceMdcEventListener.class));
	}

	@Test
	void shouldBindLoggingProperties() {
		this.contextRunner.withPropertyValues("ai-infra.logging.format=json", "ai-infra.logging.level=warn")
			.run((context) -> {
				AiInfraLoggingProperties properties = context.getBean(AiInfraLoggingProperties.class);
				assertThat(properties.getFormat()).isEqualTo(AiInfraLoggingProperties.Format.JSON);
				assertThat(properties.getLevel()).isEqualTo(LogLevel.WARN);
			});
	}

	@Test
	void shouldDefaultToTextWithBootsLevel() {
		this.contextRunner.run((context) -> {
			AiInfraLoggingProperties properties = context.getBean(AiInfraLoggingProperties.class);
			assertThat(properties.getFormat()).isEqualTo(AiInfraLoggingProperties.Format.TEXT);
			assertThat(properties.getLevel()).isNull();
		});
	}

	@Test
	void shouldNotListenWhenTracingIsDisabled() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceMdcEventListener.class));
	}

	@Test
	void shouldNotListenWithoutMicrometersOpenTelemetryBridge() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EventListener.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TraceMdcEventListener.class));
	}

	@Test
	void shouldBackOffFromUserListener() {
		this.contextRunner.withUserConfiguration(UserListenerConfiguration.class)
			.run((context) -> assertThat(context.getBean(TraceMdcEventListener.class))
				.isSameAs(UserListenerConfiguration.LISTENER));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserListenerConfiguration {

		static final TraceMdcEventListener LISTENER = new TraceMdcEventListener();

		@Bean
		TraceMdcEventListener userListener() {
			return LISTENER;
		}

	}

}
