package ai.infra.sample;

import java.util.Map;

import ai.infra.test.openai.FakeOpenAiServer;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the built-in OpenAI-compatible fake model and points Spring AI's OpenAI client at
 * it, so the sample runs offline. Set {@code sample.fake-model.enabled=false} (the
 * {@code openai} profile does) to talk to the real OpenAI API instead.
 */
public class FakeModelEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("sample.fake-model.enabled", Boolean.class, true)) {
			return;
		}
		FakeOpenAiServer server = FakeOpenAiServer.start(environment.getProperty("sample.fake-model.port", Integer.class, 0));
		server.responseModel(environment.getProperty("sample.fake-model.response-model", "gpt-4o-mini-2024-07-18"));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("sampleFakeModel",
					Map.of("spring.ai.openai.base-url", server.apiBaseUrl(), "spring.ai.openai.api-key",
							"sk-fake-model-key")));
		application.addListeners((ApplicationListener<ContextClosedEvent>) (event) -> server.close());
		// A start that fails before the context is up closes no context; the server's
		// dispatcher thread would then keep the JVM alive after the failure report.
		application.addListeners((ApplicationListener<ApplicationFailedEvent>) (event) -> server.close());
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
