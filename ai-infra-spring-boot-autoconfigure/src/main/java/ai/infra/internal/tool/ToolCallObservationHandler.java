package ai.infra.internal.tool;

import java.util.function.Predicate;

import ai.infra.internal.observation.AgentRun;
import ai.infra.internal.observation.AiObservationHandlerOrder;
import ai.infra.internal.observation.ObservationParents;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.Context;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.ai.tool.observation.ToolCallingObservationContext;
import org.springframework.core.Ordered;

/**
 * Turns every tool execution Spring AI makes for the model ({@code @AiTool} methods,
 * {@code @Tool} methods, any {@code ToolCallback}) into one {@code tool.<name>} span, in
 * place of Spring AI's {@code execute_tool} span. Inside an agent run the span belongs to
 * the current {@code agent.step.N}.
 */
public final class ToolCallObservationHandler
		implements TracingObservationHandler<ToolCallingObservationContext>, Ordered {

	private static final Log logger = LogFactory.getLog(ToolCallObservationHandler.class);

	private final Tracer tracer;

	private final ToolCallRecorder recorder;

	private final Predicate<String> traced;

	/**
	 * Create a handler.
	 * @param tracer Micrometer's tracer
	 * @param recorder starts and ends the spans
	 * @param traced which tool names are traced
	 */
	public ToolCallObservationHandler(Tracer tracer, ToolCallRecorder recorder, Predicate<String> traced) {
		this.tracer = tracer;
		this.recorder = recorder;
		this.traced = traced;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ToolCallingObservationContext;
	}

	@Override
	public void onStart(ToolCallingObservationContext context) {
		try {
			String name = context.getToolDefinition().name();
			Span parent = ObservationParents.parentSpan(this, context);
			if (!this.traced.test(name)) {
				// Untraced: work inside the tool keeps the caller's span as parent.
				getTracingContext(context).setSpan(parent);
				return;
			}
			AgentRun run = AgentRun.find(context);
			Context parentContext = (run != null) ? run.contextForToolCall() : ObservationParents.contextOf(parent);
			ToolCall call = this.recorder.start(name,
					() -> this.recorder.arguments().sanitize(context.getToolCallArguments()), context.getToolCallId(),
					parentContext);
			context.put(ToolCall.class, call);
			getTracingContext(context).setSpan(OtelSpan.fromOtel(call.span(), parentContext.with(call.span())));
		}
		catch (RuntimeException ex) {
			getTracingContext(context);
			logger.debug("Could not start tool span", ex);
		}
	}

	@Override
	public void onError(ToolCallingObservationContext context) {
		ToolCall call = context.get(ToolCall.class);
		if (call != null && context.getError() != null && call.error() == null) {
			call.failed(context.getError());
		}
	}

	@Override
	public void onEvent(Observation.Event event, ToolCallingObservationContext context) {
	}

	@Override
	public void onStop(ToolCallingObservationContext context) {
		ToolCall call = context.get(ToolCall.class);
		try {
			if (call != null) {
				this.recorder.finish(call);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not finish tool span", ex);
		}
		finally {
			getTracingContext(context).close();
		}
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

	@Override
	public int getOrder() {
		return AiObservationHandlerOrder.ORDER;
	}

	/**
	 * Mark the tool call being observed on this thread as failed; Spring AI turns a
	 * failing tool into a message for the model inside the observation, which therefore
	 * never sees the error itself.
	 * @param current the current observation, if any
	 * @param error the tool's failure
	 */
	static void markFailed(Observation current, Throwable error) {
		if (current != null && current.getContext() instanceof ToolCallingObservationContext context) {
			ToolCall call = context.get(ToolCall.class);
			if (call != null) {
				call.failed(error);
			}
		}
	}

}
