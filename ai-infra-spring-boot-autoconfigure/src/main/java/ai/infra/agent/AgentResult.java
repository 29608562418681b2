package ai.infra.agent;

import java.util.OptionalDouble;

/**
 * What an {@link AiAgent} run produced, with its totals.
 *
 * @param answer the final answer of the model
 * @param steps how many steps (model calls) the run took
 * @param promptTokens input tokens of all model calls
 * @param completionTokens output tokens of all model calls
 * @param cost cost of all model calls in US dollars, empty when a model's price is
 * unknown
 */
public record AgentResult(String answer, int steps, long promptTokens, long completionTokens, OptionalDouble cost) {

	/**
	 * Return the input plus output tokens of all model calls.
	 * @return the total tokens
	 */
	public long totalTokens() {
		return this.promptTokens + this.completionTokens;
	}

}
