package ai.infra.agent;

import java.util.OptionalDouble;

/**
 * Running totals of one agent run, kept by {@link AgentStepAdvisor} as the tool loop
 * goes round.
 */
final class AgentRunTotals {

	static final String CONTEXT_KEY = AgentRunTotals.class.getName();

	private final String agentName;

	private final int maxSteps;

	private int steps;

	private long promptTokens;

	private long completionTokens;

	private double cost;

	private boolean costKnown = true;

	AgentRunTotals(String agentName, int maxSteps) {
		this.agentName = agentName;
		this.maxSteps = maxSteps;
	}

	synchronized void beginStep() {
		if (this.steps >= this.maxSteps) {
			throw new AgentMaxStepsExceededException(this.agentName, this.maxSteps);
		}
		this.steps++;
	}

	synchronized void add(long promptTokens, long completionTokens, OptionalDouble cost) {
		this.promptTokens += promptTokens;
		this.completionTokens += completionTokens;
		if (cost.isPresent()) {
			this.cost += cost.getAsDouble();
		}
		else {
			this.costKnown = false;
		}
	}

	synchronized AgentResult toResult(String answer) {
		return new AgentResult(answer, this.steps, this.promptTokens, this.completionTokens,
				this.costKnown ? OptionalDouble.of(this.cost) : OptionalDouble.empty());
	}

}
