package ai.infra.internal.llm;

import ai.infra.internal.observation.ChatClientRequestContext;
import ai.infra.internal.observation.AgentRun;
import ai.infra.internal.observation.AiObservationHandlerOrder;
import ai.infra.internal.observation.ObservationParents;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.core.Ordered;

/**
 * Turns every Spring AI model round trip ({@code ChatModel.call} or {@code stream},
 * direct or through {@code ChatClient}) into one {@code llm.generate} span, in place of
 * the span Spring AI's own observation would make. Spring AI reports every round trip
 * through its observation, whatever the provider, so this works for any
 * {@code ChatModel}. The span is the observation's tracing span, so the HTTP client span
 * of the call becomes its child and log lines inside carry its ids.
 * <p>
 * Ordered before Boot's tracing handlers: the first tracing handler that supports a
 * context is the only one that traces it.
 */
public final class LlmCallObservationHandler implements TracingObservationHandler<ChatModelObservationContext>, Ordered {

	private static final Log logger = LogFactory.getLog(LlmCallObservationHandler.class);

	private final Tracer tracer;

	private final io.opentelemetry.api.trace.Tracer otelTracer;

	private final LlmCallRecorder recorder;

	/**
	 * Create a handler.
	 * @param tracer Micrometer's tracer, whose scopes make spans current
	 * @param otelTracer the OpenTelemetry tracer ai-infra's spans are made with
	 * @param recorder writes attributes, cost and meters of finished calls
	 */
	public LlmCallObservationHandler(Tracer tracer, io.opentelemetry.api.trace.Tracer otelTracer,
			LlmCallRecorder recorder) {
		this.tracer = tracer;
		this.otelTracer = otelTracer;
		this.recorder = recorder;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatModelObservationContext;
	}

	@Override
	public void onStart(ChatModelObservationContext context) {
		try {
			if (ChatClientRequestContext.isTracingDisabled(context)) {
				// Other handlers, such as the exemplar-aware meter handler, expect a
				// tracing context on every observation.
				getTracingContext(context);
				return;
			}
			AgentRun run = AgentRun.find(context);
			Context parentContext = (run != null) ? run.contextForModelCall()
					: ObservationParents.contextOf(ObservationParents.parentSpan(this, context));
			Span span = this.otelTracer.spanBuilder("llm.generate")
				.setParent(parentContext)
				.setSpanKind(SpanKind.CLIENT)
				.startSpan();
			LlmCall call = this.recorder.start(span, context, run);
			context.put(LlmCall.class, call);
			getTracingContext(context).setSpan(OtelSpan.fromOtel(span, parentContext.with(span)));
		}
		catch (RuntimeException ex) {
			getTracingContext(context);
			logger.debug("Could not start llm.generate span", ex);
		}
	}

	@Override
	public void onError(ChatModelObservationContext context) {
		LlmCall call = context.get(LlmCall.class);
		if (call != null && context.getError() != null) {
			call.failed(context.getError());
		}
	}

	@Override
	public void onStop(ChatModelObservationContext context) {
		LlmCall call = context.get(LlmCall.class);
		if (call == null) {
			return;
		}
		try {
			this.recorder.finish(call, context.getResponse());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not finish llm.generate span", ex);
		}
		finally {
			getTracingContext(context).close();
		}
	}

	@Override
	public void onScopeOpened(ChatModelObservationContext context) {
		if (context.get(LlmCall.class) != null && getTracingContext(context).getSpan() != null) {
			TracingObservationHandler.super.onScopeOpened(context);
		}
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
				logger.debug("Could not finish llm.generate span", ex);
			}
		}
		TracingObservationHandler.super.onScopeClosed(context);
		if (finishedInScope && !call.span().getSpanContext().isSampled()) {
			// An unsampled span is never an exemplar. Without it, Boot's exemplar-aware meter
			// handler records its timers in onStop without making the span current again,
			// which would pass two more scope events through every listener and the MDC.
			getTracingContext(context).setSpan(null);
		}
	}

	@Override
	public void onScopeReset(ChatModelObservationContext context) {
		if (context.get(LlmCall.class) != null && getTracingContext(context).getSpan() != null) {
			TracingObservationHandler.super.onScopeReset(context);
		}
	}

	@Override
	public void onEvent(Observation.Event event, ChatModelObservationContext context) {
		LlmCall call = context.get(LlmCall.class);
		if (call != null) {
			call.span().addEvent(event.getContextualName());
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

}
