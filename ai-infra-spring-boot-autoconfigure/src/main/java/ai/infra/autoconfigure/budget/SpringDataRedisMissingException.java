package ai.infra.autoconfigure.budget;

/**
 * Thrown at start-up when {@code ai-infra.budget.store=redis} is set but Spring Data
 * Redis is not on the class path.
 */
class SpringDataRedisMissingException extends RuntimeException {

	SpringDataRedisMissingException() {
		super("ai-infra.budget.store=redis needs Spring Data Redis on the class path");
	}

}
