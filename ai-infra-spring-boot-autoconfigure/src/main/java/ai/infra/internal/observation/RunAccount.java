package ai.infra.internal.observation;

import java.util.OptionalDouble;

import ai.infra.internal.cost.Dollars;

/**
 * The one account of an agent run's steps, tokens and cost. The {@code agent.run} span,
 * its meters and an {@code AiAgent}'s result all read it, so they cannot disagree. Model
 * calls are recorded with the cost their {@code llm.generate} span was priced at, and
 * added up in whole picodollars, so the total is exactly their sum.
 */
public final class RunAccount {

	private final OptionalDouble maxCost;

	private volatile boolean traced;

	private int steps;

	private int modelCalls;

	private long promptTokens;

	private long completionTokens;

	private long costPicos;

	private boolean costKnown = true;

	/**
	 * Create the account of a run without a cost limit of its own.
	 */
	public RunAccount() {
		this(OptionalDouble.empty());
	}

	/**
	 * Create the account of a run.
	 * @param maxCost the run's own cost limit in US dollars, empty to use the configured
	 * per-run limit, if any
	 */
	public RunAccount(OptionalDouble maxCost) {
		this.maxCost = maxCost;
	}

	/**
	 * Return the run's own cost limit.
	 * @return the limit in US dollars, empty when the run has none of its own
	 */
	public OptionalDouble maxCost() {
		return this.maxCost;
	}

	/**
	 * Mark the run as traced: its {@code agent.run} span keeps this account from now on.
	 */
	void markTraced() {
		this.traced = true;
	}

	/**
	 * Return whether an {@code agent.run} span keeps this account; when not, whoever
	 * drives the run records its steps and model calls itself.
	 * @return whether the run is traced
	 */
	public boolean isTraced() {
		return this.traced;
	}

	/**
	 * Begin the next step.
	 * @return its number, from 1
	 */
	public synchronized int beginStep() {
		return ++this.steps;
	}

	/**
	 * Record a finished model call.
	 * @param promptTokens its input tokens
	 * @param completionTokens its output tokens
	 * @param cost its cost, empty when its model has no price
	 */
	public synchronized void recordModelCall(long promptTokens, long completionTokens, OptionalDouble cost) {
		this.modelCalls++;
		this.promptTokens += promptTokens;
		this.completionTokens += completionTokens;
		if (cost.isPresent()) {
			this.costPicos += Dollars.toPicos(cost.getAsDouble());
		}
		else {
			this.costKnown = false;
		}
	}

	/**
	 * Return how many model calls have finished.
	 * @return the model calls so far
	 */
	public synchronized int modelCalls() {
		return this.modelCalls;
	}

	/**
	 * Return what the run's priced model calls have cost so far.
	 * @return the cost in picodollars
	 */
	public synchronized long spentPicos() {
		return this.costPicos;
	}

	/**
	 * Return the totals so far. A run without a model call has no cost.
	 * @return the totals
	 */
	public synchronized RunTotals totals() {
		OptionalDouble total = (this.costKnown && this.modelCalls > 0)
				? OptionalDouble.of(Dollars.fromPicos(this.costPicos)) : OptionalDouble.empty();
		return new RunTotals(this.steps, this.modelCalls, this.promptTokens, this.completionTokens, total);
	}

}
