package ai.infra.internal.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * One agent loop being traced: the {@code agent.run} span, the open
 * {@code agent.step.N} span and the running totals. Step N opens with the first tool call
 * the previous model call asked for, or with the N-th model call when there is none, and
 * closes when the N-th model call has finished.
 */
public final class AgentRun {

	/** Name of the agent. */
	public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("ai.agent.name");

	/** Number of steps the run took. */
	public static final AttributeKey<Long> AGENT_STEPS = AttributeKey.longKey("ai.agent.steps");

	/** Number of one step, on {@code agent.step.N}. */
	public static final AttributeKey<Long> AGENT_STEP = AttributeKey.longKey("ai.agent.step");

	private final Tracer tracer;

	private final String name;

	private final Span span;

	private final Context context;

	private final long startNanos;

	private int steps;

	private @Nullable Span step;

	private long promptTokens;

	private long completionTokens;

	private double cost;

	private boolean costKnown = true;

	public AgentRun(Tracer tracer, String name, Context parent) {
		this.tracer = tracer;
		this.name = name;
		this.span = tracer.spanBuilder("agent.run").setParent(parent).setAttribute(AGENT_NAME, name).startSpan();
		this.context = parent.with(this.span);
		this.startNanos = System.nanoTime();
	}

	/**
	 * Find the agent run an observation belongs to.
	 * @param context the observation of a model or tool call
	 * @return the run, or {@code null} outside agent runs
	 */
	public static @Nullable AgentRun find(Observation.ContextView context) {
		ObservationView parent = context.getParentObservation();
		while (parent != null) {
			Observation.ContextView view = parent.getContextView();
			if (view instanceof ChatClientObservationContext) {
				return view.get(AgentRun.class);
			}
			parent = view.getParentObservation();
		}
		return null;
	}

	public String name() {
		return this.name;
	}

	public Span span() {
		return this.span;
	}

	public Context context() {
		return this.context;
	}

	public long startNanos() {
		return this.startNanos;
	}

	public synchronized int steps() {
		return this.steps;
	}

	/**
	 * Return the context a model call of this run starts in: the open step, or a new one.
	 * @return the parent context
	 */
	public synchronized Context contextForModelCall() {
		return this.context.with(openStep());
	}

	/**
	 * Return the context a tool call of this run starts in: the open step, or a new one.
	 * @return the parent context
	 */
	public synchronized Context contextForToolCall() {
		return this.context.with(openStep());
	}

	/**
	 * Record a finished model call, which closes the current step.
	 * @param promptTokens its input tokens
	 * @param completionTokens its output tokens
	 * @param cost its cost, or a negative number when unknown
	 */
	public synchronized void modelCallFinished(long promptTokens, long completionTokens, double cost) {
		this.promptTokens += promptTokens;
		this.completionTokens += completionTokens;
		if (cost >= 0) {
			this.cost += cost;
		}
		else {
			this.costKnown = false;
		}
		if (this.step != null) {
			this.step.end();
			this.step = null;
		}
	}

	public synchronized void finish(@Nullable Throwable error) {
		if (this.step != null) {
			if (error != null) {
				this.step.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
			}
			this.step.end();
			this.step = null;
		}
		this.span.setAttribute(AGENT_STEPS, (long) this.steps);
		this.span.setAttribute(AiAttributes.PROMPT_TOKENS, this.promptTokens);
		this.span.setAttribute(AiAttributes.COMPLETION_TOKENS, this.completionTokens);
		this.span.setAttribute(AiAttributes.TOTAL_TOKENS, this.promptTokens + this.completionTokens);
		if (this.costKnown && this.steps > 0) {
			this.span.setAttribute(AiAttributes.COST, this.cost);
		}
		if (error != null) {
			SpanFailures.record(this.span, error);
		}
		this.span.end();
	}

	private Span openStep() {
		if (this.step == null) {
			this.steps++;
			this.step = this.tracer.spanBuilder("agent.step." + this.steps)
				.setParent(this.context)
				.setAttribute(AGENT_STEP, (long) this.steps)
				.startSpan();
		}
		return this.step;
	}

}
