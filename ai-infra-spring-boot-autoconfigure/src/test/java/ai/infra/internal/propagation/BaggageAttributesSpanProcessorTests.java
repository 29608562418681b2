package ai.infra.internal.propagation;

import java.util.List;

import ai.infra.tracing.AiTracing;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link BaggageAttributesSpanProcessor}.
 */
class BaggageAttributesSpanProcessorTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(new BaggageAttributesSpanProcessor(AiTracing.INSTRUMENTATION_NAME,
				List.of("user.id", " tenant.id ", "")))
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	@AfterEach
	void shutdown() {
		this.tracerProvider.shutdown();
	}

	@Test
	void shouldCopyConfiguredBaggageOntoAiInfraSpansOnly() {
		Baggage baggage = Baggage.builder()
			.put("user.id", "alice")
			.put("tenant.id", "acme")
			.put("api.key", "secret")
			.build();
		try (Scope scope = baggage.makeCurrent()) {
			this.tracerProvider.get(AiTracing.INSTRUMENTATION_NAME).spanBuilder("ai").startSpan().end();
			this.tracerProvider.get("org.springframework.boot").spanBuilder("http").startSpan().end();
		}
		SpanData ai = span("ai");
		assertThat(ai.getAttributes().get(AttributeKey.stringKey("user.id"))).isEqualTo("alice");
		assertThat(ai.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo("acme");
		assertThat(ai.getAttributes().get(AttributeKey.stringKey("api.key"))).isNull();
		assertThat(span("http").getAttributes().isEmpty()).isTrue();
	}

	@Test
	void shouldCopyAttributedEntriesEvenWhenNoKeysAreListed() {
		SdkTracerProvider unlisted = SdkTracerProvider.builder()
			.addSpanProcessor(new BaggageAttributesSpanProcessor(AiTracing.INSTRUMENTATION_NAME, List.of()))
			.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
			.build();
		// The same entry as received from another process: not marked, so not copied.
		Baggage remote = Baggage.builder()
			.put("tenant.id", "acme", BaggageEntryMetadata.create(""))
			.put("user.id", "alice")
			.build();
		try (Scope scope = AttributedBaggage.with(remote, "feature", "search").makeCurrent()) {
			unlisted.get(AiTracing.INSTRUMENTATION_NAME).spanBuilder("ai").startSpan().end();
			assertThat(span("ai").getAttributes().asMap())
				.containsOnly(entry(AttributeKey.stringKey("feature"), "search"));
		}
		finally {
			unlisted.shutdown();
		}
	}

	@Test
	void shouldAddNothingWithoutBaggage() {
		this.tracerProvider.get(AiTracing.INSTRUMENTATION_NAME).spanBuilder("ai").startSpan().end();
		assertThat(span("ai").getAttributes().isEmpty()).isTrue();
	}

	@Test
	void shouldTrimAndDropBlankKeys() {
		assertThat(new BaggageAttributesSpanProcessor("ai.infra", List.of("user.id", " tenant.id ", "")).getKeys())
			.containsExactly("user.id", "tenant.id");
	}

	private SpanData span(String name) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

}
