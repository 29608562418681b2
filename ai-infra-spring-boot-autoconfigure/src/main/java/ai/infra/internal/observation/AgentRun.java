package ai.infra.internal.observation;

import java.util.OptionalDouble;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.jspecify.annotations.Nullable;

/**
 * One agent loop being traced: the {@code agent.run} span, the open
 * {@code agent.step.N} span and the run's {@link RunAccount}. Step N opens with the first
 * tool call the previous model call asked for, or with the N-th model call when there is
 * none, and closes when the N-th model call has finished.
 */
public final class AgentRun {

	private final Tracer tracer;

	private final String name;

	private final Span span;

	private final Context context;

	private final RunAccount account;

	private @Nullable Span step;

	/**
	 * Start a run's {@code agent.run} span.
	 * @param tracer the tracer ai-infra's spans are made with
	 * @param name the agent's name
	 * @param parent the context the run starts in
	 * @param account the account to keep the run's totals in
	 */
	public AgentRun(Tracer tracer, String name, Context parent, RunAccount account) {
		this.tracer = tracer;
		this.name = name;
		this.account = account;
		this.span = tracer.spanBuilder("agent.run")
			.setParent(parent)
			.setAttribute(AiAttributes.AGENT_NAME, name)
			.setAttribute(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME,
					GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.INVOKE_AGENT)
			.setAttribute(GenAiIncubatingAttributes.GEN_AI_AGENT_NAME, name)
			.startSpan();
		this.context = parent.with(this.span);
		account.markTraced();
	}

	/**
	 * Return the agent's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the run's account of steps, tokens and cost.
	 * @return the account
	 */
	public RunAccount account() {
		return this.account;
	}

	/**
	 * Return the {@code agent.run} span.
	 * @return the span
	 */
	public Span span() {
		return this.span;
	}

	/**
	 * Return the context work of this run starts in, outside any step.
	 * @return the context with the {@code agent.run} span
	 */
	public Context context() {
		return this.context;
	}

	/**
	 * Return the context a model or tool call of this run starts in: the open step, or a
	 * new one.
	 * @return the parent context
	 */
	public synchronized Context contextForStep() {
		return this.context.with(openStep());
	}

	/**
	 * Record a finished model call, which closes the current step.
	 * @param promptTokens its input tokens
	 * @param completionTokens its output tokens
	 * @param cost its cost as priced for its {@code llm.generate} span, empty when unknown
	 * @param error what the call failed with, which fails the step too, or {@code null}
	 */
	public synchronized void modelCallFinished(long promptTokens, long completionTokens, OptionalDouble cost,
			@Nullable Throwable error) {
		this.account.recordModelCall(promptTokens, completionTokens, cost);
		endStep(error);
	}

	/**
	 * End the run's spans with its totals.
	 * @param error what the run failed with, or {@code null}
	 * @return the run's totals
	 */
	public synchronized RunTotals finish(@Nullable Throwable error) {
		endStep(error);
		RunTotals totals = this.account.totals();
		this.span.setAttribute(AiAttributes.AGENT_STEPS, (long) totals.steps());
		this.span.setAttribute(AiAttributes.PROMPT_TOKENS, totals.promptTokens());
		this.span.setAttribute(AiAttributes.COMPLETION_TOKENS, totals.completionTokens());
		this.span.setAttribute(AiAttributes.TOTAL_TOKENS, totals.totalTokens());
		totals.cost().ifPresent((cost) -> this.span.setAttribute(AiAttributes.COST, cost));
		if (error != null) {
			SpanFailures.record(this.span, error);
		}
		this.span.end();
		return totals;
	}

	private void endStep(@Nullable Throwable error) {
		if (this.step != null) {
			if (error != null) {
				SpanFailures.record(this.step, error);
			}
			this.step.end();
			this.step = null;
		}
	}

	private Span openStep() {
		if (this.step == null) {
			int number = this.account.beginStep();
			this.step = this.tracer.spanBuilder("agent.step." + number)
				.setParent(this.context)
				.setAttribute(AiAttributes.AGENT_STEP, (long) number)
				.startSpan();
		}
		return this.step;
	}

}
