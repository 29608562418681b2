package ai.infra.internal.llm;

import ai.infra.internal.observation.AgentRun;
import ai.infra.internal.observation.ObservationLineage;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

/**
 * Turns every Spring AI model round trip ({@code ChatModel.call} or {@code stream},
 * direct or through {@code ChatClient}) into one {@code llm.generate} span, in place of
 * the span Spring AI's own observation would make. Spring AI reports every round trip
 * through its observation, whatever the provider, so this works for any
 * {@code ChatModel}. The span is the observation's tracing span, so the HTTP client span
 * of the call becomes its child and log lines inside carry its ids.
 */
public final class LlmCallObservationHandler extends ModelCallObservationHandler<ChatModelObservationContext> {

	private final LlmCallRecorder recorder;

	/**
	 * Create a handler.
	 * @param tracer Micrometer's tracer, whose scopes make spans current
	 * @param otelTracer the OpenTelemetry tracer ai-infra's spans are made with
	 * @param recorder writes attributes, cost and meters of finished calls
	 */
	public LlmCallObservationHandler(Tracer tracer, io.opentelemetry.api.trace.Tracer otelTracer,
			LlmCallRecorder recorder) {
		super(tracer, otelTracer, "llm.generate", ChatModelObservationContext.class);
		this.recorder = recorder;
	}

	@Override
	Context parentContext(ChatModelObservationContext context, ObservationLineage lineage) {
		AgentRun run = lineage.agentRun();
		return (run != null) ? run.contextForStep() : super.parentContext(context, lineage);
	}

	@Override
	LlmCall begin(Span span, ChatModelObservationContext context, ObservationLineage lineage,
			Context parentContext) {
		return this.recorder.start(span, context, lineage, parentContext);
	}

	@Override
	protected void stop(ChatModelObservationContext context) {
		LlmCall call = context.get(LlmCall.class);
		if (call == null) {
			return;
		}
		ChatResponse response = context.getResponse();
		StreamUsage usage = call.streamUsage();
		if (usage == null) {
			this.recorder.finish(call, response);
			return;
		}
		usage.whenTerminated(() -> {
			try {
				this.recorder.finish(call, response);
			}
			catch (RuntimeException ex) {
				logFailure("finish", ex);
			}
		});
	}

	@Override
	public void onScopeClosed(ChatModelObservationContext context) {
		LlmCall call = context.get(LlmCall.class);
		if (call == null) {
			return;
		}
		ChatResponse response = context.getResponse();
		boolean finishedInScope = !context.isStreaming() && response != null && call.error() == null;
		if (finishedInScope) {
			// A blocking call's response is in before its scope closes: finished while its
			// span is still current, the meters' exemplars point at it without the span
			// being made current a second time in onStop.
			try {
				this.recorder.finishInScope(call, response);
			}
			catch (RuntimeException ex) {
				logFailure("finish", ex);
			}
		}
		super.onScopeClosed(context);
	}

	@Override
	public void onEvent(Observation.Event event, ChatModelObservationContext context) {
		LlmCall call = context.get(LlmCall.class);
		if (call != null) {
			call.span().addEvent(event.getContextualName());
		}
	}

}
