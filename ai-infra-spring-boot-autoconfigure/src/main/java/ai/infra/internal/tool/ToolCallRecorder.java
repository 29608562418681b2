package ai.infra.internal.tool;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import ai.infra.internal.metrics.AiMetrics;
import ai.infra.internal.metrics.Attribution;
import ai.infra.internal.observation.AiAttributes;
import ai.infra.internal.observation.SpanFailures;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Starts and ends {@code tool.<name>} spans and records the {@code ai.tool.*} meters,
 * for tool calls made by the model and for direct Java calls alike.
 */
public final class ToolCallRecorder {

	private final Tracer tracer;

	private final ToolArguments arguments;

	private final @Nullable AiMetrics metrics;

	/**
	 * Create a recorder.
	 * @param tracer the tracer ai-infra's spans are made with
	 * @param arguments prepares arguments for {@code tool.args}
	 * @param metrics the meters, or {@code null} when metrics are disabled
	 */
	public ToolCallRecorder(Tracer tracer, ToolArguments arguments, @Nullable AiMetrics metrics) {
		this.tracer = tracer;
		this.arguments = arguments;
		this.metrics = metrics;
	}

	ToolArguments arguments() {
		return this.arguments;
	}

	ToolCall start(String name, Supplier<String> sanitizedArgs, @Nullable String callId, Context parent) {
		Span span = this.tracer.spanBuilder("tool." + name)
			.setParent(parent)
			.setSpanKind(SpanKind.INTERNAL)
			.setAttribute(AiAttributes.TOOL_NAME, name)
			.setAttribute(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME, "execute_tool")
			.setAttribute(GenAiIncubatingAttributes.GEN_AI_TOOL_NAME, name)
			.startSpan();
		// Redacting parses and writes the arguments' JSON: only worth it for a span that
		// is recorded.
		if (span.isRecording()) {
			span.setAttribute(AiAttributes.TOOL_ARGS, argumentsOrRedacted(sanitizedArgs));
		}
		if (StringUtils.hasText(callId)) {
			span.setAttribute(GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID, callId);
		}
		Attribution attribution = (this.metrics != null) ? this.metrics.attribution(parent) : Attribution.NONE;
		return new ToolCall(name, span, System.nanoTime(), attribution);
	}

	private static String argumentsOrRedacted(Supplier<String> sanitizedArgs) {
		try {
			return sanitizedArgs.get();
		}
		catch (RuntimeException ex) {
			// The span has started and must still end; arguments that could not be
			// redacted are not shown.
			return ToolArguments.REDACTED;
		}
	}

	void finish(ToolCall call) {
		long durationNanos = System.nanoTime() - call.startNanos();
		Span span = call.span();
		span.setAttribute(AiAttributes.TOOL_DURATION_MS, TimeUnit.NANOSECONDS.toMillis(durationNanos));
		Throwable error = call.error();
		if (error != null) {
			SpanFailures.record(span, error);
		}
		span.end();
		if (this.metrics != null) {
			this.metrics.recordToolCall(call.attribution(), call.name(),
					(error != null) ? AiMetrics.ERROR : AiMetrics.SUCCESS, durationNanos);
		}
	}

}
