package ai.infra.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidAiInfraPropertyException} at start-up.
 */
class InvalidAiInfraPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAiInfraPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidAiInfraPropertyException cause) {
		String origin = (cause.getOrigin() != null) ? " (from " + cause.getOrigin() + ")" : "";
		String description = (cause.getValue() != null)
				? String.format("Invalid value '%s' for property '%s'%s:%n%n    %s", cause.getValue(),
						cause.getProperty(), origin, cause.getReason())
				: String.format("Missing value for property '%s':%n%n    %s", cause.getProperty(), cause.getReason());
		String action = String.format("Update property '%s' in your configuration, for example:%n%n    %s",
				cause.getProperty(), cause.getExample());
		return new FailureAnalysis(description, action, cause);
	}

}
