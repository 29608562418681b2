package ai.infra.internal.tool;

import java.util.function.Predicate;

import ai.infra.internal.observation.AgentRun;
import ai.infra.internal.observation.AiObservationHandler;
import ai.infra.internal.observation.ObservationLineage;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.context.Context;

import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * Turns every tool execution Spring AI makes for the model ({@code @AiTool} methods,
 * {@code @Tool} methods, any {@code ToolCallback}) into one {@code tool.<name>} span, in
 * place of Spring AI's {@code execute_tool} span. Inside an agent run the span belongs to
 * the current {@code agent.step.N}.
 */
public final class ToolCallObservationHandler extends AiObservationHandler<ToolCallingObservationContext> {

	private final ToolCallRecorder recorder;

	private final Predicate<String> traced;

	/**
	 * Create a handler.
	 * @param tracer Micrometer's tracer
	 * @param recorder starts and ends the spans
	 * @param traced which tool names are traced
	 */
	public ToolCallObservationHandler(Tracer tracer, ToolCallRecorder recorder, Predicate<String> traced) {
		super(tracer, "tool", ToolCallingObservationContext.class);
		this.recorder = recorder;
		this.traced = traced;
	}

	@Override
	protected void start(ToolCallingObservationContext context) {
		String name = context.getToolDefinition().name();
		Span parent = parentSpan(context);
		if (!this.traced.test(name)) {
			// Untraced: work inside the tool keeps the caller's span as parent.
			getTracingContext(context).setSpan(parent);
			return;
		}
		AgentRun run = ObservationLineage.of(context).agentRun();
		Context parentContext = (run != null) ? run.contextForStep() : contextOf(parent);
		ToolCall call = this.recorder.start(name,
				() -> this.recorder.arguments().sanitize(context.getToolCallArguments()), context.getToolCallId(),
				parentContext);
		context.put(ToolCall.class, call);
		useSpan(context, call.span(), parentContext);
	}

	@Override
	public void onError(ToolCallingObservationContext context) {
		ToolCall call = context.get(ToolCall.class);
		if (call != null && context.getError() != null && call.error() == null) {
			call.failed(context.getError());
		}
	}

	// Spring AI executes a tool within one scope of its observation.
	@Override
	protected boolean isDoneWithSpanAtScopeClose(ToolCallingObservationContext context) {
		return true;
	}

	@Override
	protected void stop(ToolCallingObservationContext context) {
		ToolCall call = context.get(ToolCall.class);
		if (call != null) {
			this.recorder.finish(call);
		}
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
