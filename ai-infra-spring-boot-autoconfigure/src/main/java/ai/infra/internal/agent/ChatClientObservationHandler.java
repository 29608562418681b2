package ai.infra.internal.agent;

import java.util.List;
import java.util.Map;

import ai.infra.internal.metrics.AiMetrics;
import ai.infra.internal.observation.AgentRun;
import ai.infra.internal.observation.AiObservationHandler;
import ai.infra.internal.observation.RequestParameters;
import ai.infra.internal.observation.RunAccount;
import ai.infra.internal.observation.RunTotals;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Handles Spring AI's {@code ChatClient} and advisor observations. A request that offers
 * tools runs Spring AI's tool loop, which becomes an {@code agent.run} span with one
 * {@code agent.step.N} per iteration. Otherwise, and for every advisor, the observation
 * makes no span of its own (Spring AI's framework spans say nothing the model and tool
 * spans do not); it borrows its parent's span so whatever runs inside keeps the right
 * parent. Spring AI's meters for these observations are unaffected.
 */
public final class ChatClientObservationHandler extends AiObservationHandler<Observation.Context> {

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
		super(tracer, "agent.run", ChatClientObservationContext.class, AdvisorObservationContext.class);
		this.otelTracer = otelTracer;
		this.metrics = metrics;
	}

	@Override
	protected void start(Observation.Context context) {
		Span parent = parentSpan(context);
		if (context instanceof ChatClientObservationContext chatClient) {
			ChatClientRequest request = chatClient.getRequest();
			if (isAgentRun(request) && !isTracingDisabled(request)) {
				AgentRun run = new AgentRun(this.otelTracer, agentName(request), contextOf(parent),
						account(request.context()));
				context.put(AgentRun.class, run);
				String conversationId = RequestParameters.conversationId(request.context());
				if (conversationId != null) {
					run.span().setAttribute(GenAiIncubatingAttributes.GEN_AI_CONVERSATION_ID, conversationId);
				}
				getTracingContext(context).setSpan(OtelSpan.fromOtel(run.span(), run.context()));
				return;
			}
		}
		// Without a span to borrow, the scope would make the root context current and so
		// drop the caller's baggage (a tenant, for one) for everything inside the request.
		getTracingContext(context).setSpan((parent != null) ? parent
				: OtelSpan.fromOtel(io.opentelemetry.api.trace.Span.getInvalid(), Context.current()));
	}

	@Override
	protected void stop(Observation.Context context) {
		AgentRun run = context.get(AgentRun.class);
		if (run != null) {
			Throwable error = context.getError();
			RunTotals totals = run.finish(error);
			if (this.metrics != null) {
				this.metrics.recordAgentRun(run.name(), (error != null) ? AiMetrics.ERROR : AiMetrics.SUCCESS,
						totals.steps());
			}
		}
	}

	// A call() request's observations, its own and its advisors', have one scope each; a
	// stream()'s are opened again for every signal.
	@Override
	protected boolean isDoneWithSpanAtScopeClose(Observation.Context context) {
		Observation.ContextView view = context;
		while (!(view instanceof ChatClientObservationContext chatClient)) {
			ObservationView parent = view.getParentObservation();
			if (parent == null) {
				return false;
			}
			view = parent.getContextView();
		}
		return !chatClient.isStream();
	}

	private static RunAccount account(Map<String, Object> requestContext) {
		return (requestContext.get(RequestParameters.RUN_ACCOUNT) instanceof RunAccount account) ? account
				: new RunAccount();
	}

	private static boolean isAgentRun(ChatClientRequest request) {
		return request.context().containsKey(RequestParameters.AGENT_NAME) || offersTools(request);
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
		return Boolean.TRUE.equals(request.context().get(RequestParameters.TRACING_DISABLED));
	}

	private static String agentName(ChatClientRequest request) {
		Object name = request.context().get(RequestParameters.AGENT_NAME);
		return (name instanceof String text && !text.isBlank()) ? text : RequestParameters.DEFAULT_AGENT_NAME;
	}

}
