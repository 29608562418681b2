package ai.infra.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.metadata.ToolMetadata;

/**
 * The floor of a tool call: a tool wrapped by hand in a {@code tool.<name>} span with the
 * tool's name, its arguments and its duration, and a counter and a timer, without any
 * observation. It writes the arguments as they come, unredacted, and cannot see the call
 * id, which only the tool-calling manager knows; both make it a lower bound.
 */
public final class FloorToolCallback implements ToolCallback {

	static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("tool.name");

	static final AttributeKey<String> TOOL_ARGS = AttributeKey.stringKey("tool.args");

	static final AttributeKey<Long> TOOL_DURATION_MS = AttributeKey.longKey("tool.duration_ms");

	static final AttributeKey<String> GEN_AI_TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

	private final ToolCallback delegate;

	private final Tracer tracer;

	private final String name;

	private final String spanName;

	private final Counter calls;

	private final Counter failures;

	private final Timer duration;

	/**
	 * Wrap a tool.
	 * @param delegate the tool
	 * @param tracer makes the spans
	 * @param meterRegistry holds the meters
	 */
	public FloorToolCallback(ToolCallback delegate, Tracer tracer, MeterRegistry meterRegistry) {
		this.delegate = delegate;
		this.tracer = tracer;
		this.name = delegate.getToolDefinition().name();
		this.spanName = "tool." + this.name;
		this.calls = Counter.builder("ai.tool.calls").tags("tool", this.name, "status", "success").register(meterRegistry);
		this.failures = Counter.builder("ai.tool.calls").tags("tool", this.name, "status", "error").register(meterRegistry);
		this.duration = Timer.builder("ai.tool.duration")
			.tags("tool", this.name)
			.publishPercentileHistogram()
			.register(meterRegistry);
	}

	@Override
	public ToolDefinition getToolDefinition() {
		return this.delegate.getToolDefinition();
	}

	@Override
	public ToolMetadata getToolMetadata() {
		return this.delegate.getToolMetadata();
	}

	@Override
	public String call(String toolInput) {
		return call(toolInput, null);
	}

	@Override
	public String call(String toolInput, @Nullable ToolContext toolContext) {
		long start = System.nanoTime();
		Span span = this.tracer.spanBuilder(this.spanName)
			.setAttribute(TOOL_NAME, this.name)
			.setAttribute(TOOL_ARGS, toolInput)
			.setAttribute(FloorChatModel.OPERATION_NAME, "execute_tool")
			.setAttribute(GEN_AI_TOOL_NAME, this.name)
			.startSpan();
		boolean failed = false;
		try (Scope scope = span.makeCurrent()) {
			return this.delegate.call(toolInput, toolContext);
		}
		catch (RuntimeException ex) {
			failed = true;
			span.setStatus(StatusCode.ERROR, String.valueOf(ex.getMessage()));
			span.recordException(ex);
			throw ex;
		}
		finally {
			long durationNanos = System.nanoTime() - start;
			span.setAttribute(TOOL_DURATION_MS, TimeUnit.NANOSECONDS.toMillis(durationNanos));
			span.end();
			(failed ? this.failures : this.calls).increment();
			this.duration.record(durationNanos, TimeUnit.NANOSECONDS);
		}
	}

}
