package ai.infra.internal.observation;

import java.util.OptionalDouble;

/**
 * What an agent run has used so far.
 *
 * @param steps the steps begun
 * @param modelCalls the model calls finished
 * @param promptTokens input tokens of every model call
 * @param completionTokens output tokens of every model call
 * @param cost cost of every model call in US dollars, empty when one had no price
 */
public record RunTotals(int steps, int modelCalls, long promptTokens, long completionTokens, OptionalDouble cost) {

	/**
	 * Return the input plus output tokens.
	 * @return the total tokens
	 */
	public long totalTokens() {
		return this.promptTokens + this.completionTokens;
	}

}
