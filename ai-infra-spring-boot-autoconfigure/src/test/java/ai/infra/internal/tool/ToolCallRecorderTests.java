package ai.infra.internal.tool;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ai.infra.internal.observation.AiAttributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ToolCallRecorder}.
 */
class ToolCallRecorderTests {

	private final ToolArguments arguments = new ToolArguments(List.of("api-key"), 200);

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	@Test
	void shouldRecordRedactedArgumentsOfASampledCall() {
		ToolCallRecorder recorder = recorder(Sampler.alwaysOn());
		ToolCall call = recorder.start("book", () -> this.arguments.sanitize("{\"apiKey\":\"k\",\"city\":\"Rome\"}"),
				"call_1", Context.root());
		recorder.finish(call);
		SpanData span = this.exporter.getFinishedSpanItems().get(0);
		assertThat(span.getName()).isEqualTo("tool.book");
		assertThat(span.getAttributes().get(AiAttributes.TOOL_ARGS))
			.isEqualTo("{\"apiKey\":\"[REDACTED]\",\"city\":\"Rome\"}");
	}

	@Test
	void shouldNotPrepareArgumentsOfAnUnsampledCall() {
		AtomicInteger prepared = new AtomicInteger();
		ToolCallRecorder recorder = recorder(Sampler.alwaysOff());
		ToolCall call = recorder.start("book", () -> {
			prepared.incrementAndGet();
			return "{}";
		}, "call_1", Context.root());
		recorder.finish(call);
		assertThat(call.span().isRecording()).isFalse();
		assertThat(prepared).hasValue(0);
	}

	@Test
	void shouldRedactArgumentsThatCannotBePrepared() {
		ToolCallRecorder recorder = recorder(Sampler.alwaysOn());
		ToolCall call = recorder.start("book", () -> {
			throw new IllegalStateException("unreadable");
		}, null, Context.root());
		recorder.finish(call);
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().get(AiAttributes.TOOL_ARGS))
				.isEqualTo(ToolArguments.REDACTED));
	}

	private ToolCallRecorder recorder(Sampler sampler) {
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(sampler)
			.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
			.build();
		return new ToolCallRecorder(provider.get("test"), this.arguments, null);
	}

}
