package ai.infra.agent;

/**
 * Thrown when an agent has not answered within its maximum number of steps.
 */
public class AgentMaxStepsExceededException extends RuntimeException {

	private final String agentName;

	private final int maxSteps;

	/**
	 * Create a new exception.
	 * @param agentName the agent
	 * @param maxSteps the maximum number of steps it was allowed
	 */
	public AgentMaxStepsExceededException(String agentName, int maxSteps) {
		super("Agent '" + agentName + "' did not reach an answer within " + maxSteps
				+ " steps; the model kept asking for tools. Raise maxSteps or make the task smaller.");
		this.agentName = agentName;
		this.maxSteps = maxSteps;
	}

	public String getAgentName() {
		return this.agentName;
	}

	public int getMaxSteps() {
		return this.maxSteps;
	}

}
