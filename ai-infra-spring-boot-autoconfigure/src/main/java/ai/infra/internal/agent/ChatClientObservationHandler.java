package ai.infra.internal.agent;

import ai.infra.internal.observation.AgentRun;
import java.util.List;

import ai.infra.llm.LlmTracing;
import ai.infra.internal.metrics.AiMetrics;
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
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.core.Ordered;

/**
 * Handles Spring AI's {@code ChatClient} and advisor observations. A request that offers
 * tools runs Spring AI's tool loop, which becomes an {@code agent.run} span with one
 * {@code agent.step.N} per iteration. Otherwise, and for every advisor, the observation
 * makes no span of its own (Spring AI's framework spans say nothing the model and tool
 * spans do not); it borrows its parent's span so whatever runs inside keeps the right
 * parent. Spring AI's meters for these observations are unaffected.
 */
public final class ChatClientObservationHandler implements TracingObservationHandler<Observation.Context>, Ordered {

	/**
	 * Advisor parameter naming the agent of a {@code ChatClient} request; requests without
	 * it are named {@value #DEFAULT_AGENT_NAME}.
	 */
	public static final String AGENT_NAME_PARAM = "ai-infra.agent.name";

	/**
	 * Agent name of a {@code ChatClient} request that runs a tool loop without a name.
	 */
	public static final String DEFAULT_AGENT_NAME = "chat_client";

	private static final Log logger = LogFactory.getLog(ChatClientObservationHandler.class);

	private final Tracer tracer;

	private final io.opentelemetry.api.trace.Tracer otelTracer;

	private final @Nullable AiMetrics metrics;

	/**
	 * Create a handler.
	 * @param tracer Micrometer's tracer
	 * @param otelTracer the tracer ai-infra's spans are made with
	 * @param metrics the meters, or {@code null} when metrics are disabled
	 */
	public ChatClientObservationHandler(Tracer tracer, io.opentelemetry.api.trace.Tracer otelTracer,
			@Nullable AiMetrics metrics) {
		this.tracer = tracer;
		this.otelTracer = otelTracer;
		this.metrics = metrics;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatClientObservationContext || context instanceof AdvisorObservationContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		Span parent = ObservationParents.parentSpan(this, context);
		try {
			if (context instanceof ChatClientObservationContext chatClient && isAgentRun(chatClient.getRequest())
					&& !isTracingDisabled(chatClient.getRequest())) {
				Context parentContext = ObservationParents.contextOf(parent);
				AgentRun run = new AgentRun(this.otelTracer, agentName(chatClient.getRequest()), parentContext);
				context.put(AgentRun.class, run);
				getTracingContext(context).setSpan(OtelSpan.fromOtel(run.span(), run.context()));
				return;
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not start agent.run span", ex);
		}
		getTracingContext(context).setSpan(parent);
	}

	@Override
	public void onError(Observation.Context context) {
		// Recorded on stop, from the context's error.
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
	}

	@Override
	public void onStop(Observation.Context context) {
		AgentRun run = context.get(AgentRun.class);
		try {
			if (run != null) {
				Throwable error = context.getError();
				run.finish(error);
				if (this.metrics != null) {
					this.metrics.recordAgentRun(run.name(), (error != null) ? AiMetrics.ERROR : AiMetrics.SUCCESS,
							run.steps());
				}
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not finish agent.run span", ex);
		}
		finally {
			// A borrowed span is ended by its owner, not here.
			getTracingContext(context).close();
		}
	}

	private static boolean isAgentRun(ChatClientRequest request) {
		return request.context().containsKey(AGENT_NAME_PARAM) || offersTools(request);
	}

	private static boolean offersTools(ChatClientRequest request) {
		ChatOptions options = request.prompt().getOptions();
		if (options instanceof ToolCallingChatOptions toolOptions) {
			List<ToolCallback> callbacks = toolOptions.getToolCallbacks();
			return callbacks != null && !callbacks.isEmpty();
		}
		return false;
	}

	private static boolean isTracingDisabled(ChatClientRequest request) {
		return Boolean.TRUE.equals(request.context().get(LlmTracing.DISABLED));
	}

	private static String agentName(ChatClientRequest request) {
		Object name = request.context().get(AGENT_NAME_PARAM);
		return (name instanceof String text && !text.isBlank()) ? text : DEFAULT_AGENT_NAME;
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
