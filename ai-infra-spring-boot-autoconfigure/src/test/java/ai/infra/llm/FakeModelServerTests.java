package ai.infra.llm;

import java.util.List;

import ai.infra.test.openai.FakeOpenAiServer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the {@code @SpringBootTest}s whose real Spring AI OpenAI client talks to one
 * fake model server, and whose spans are kept in memory.
 */
public abstract class FakeModelServerTests {

	// One server for every test class of this kind: Spring caches their contexts, which
	// keep pointing at it. Its threads are daemons and end with the test JVM.
	protected static final FakeOpenAiServer server = FakeOpenAiServer.start();

	@Autowired
	protected SdkTracerProvider tracerProvider;

	@Autowired
	protected InMemorySpanExporter exporter;

	@DynamicPropertySource
	static void modelServer(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", server::apiBaseUrl);
	}

	@BeforeEach
	void resetServerAndSpans() {
		server.reset();
		finishedSpans();
		this.exporter.reset();
	}

	protected List<SpanData> finishedSpans() {
		return LlmTracingSupport.finishedSpans(this.tracerProvider, this.exporter);
	}

}
