package ai.infra.autoconfigure.budget;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link SpringDataRedisMissingException} at start-up: which dependency to
 * add, and how to keep spend per instance instead.
 */
class SpringDataRedisMissingFailureAnalyzer extends AbstractFailureAnalyzer<SpringDataRedisMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SpringDataRedisMissingException cause) {
		String description = String.format("Invalid value 'redis' for property 'ai-infra.budget.store':%n%n    "
				+ "the redis spend store shares spend through Spring Data Redis, which is not on the class path");
		String action = String.format("Add org.springframework.boot:spring-boot-starter-data-redis to the "
				+ "application's dependencies and point spring.data.redis.* at the Redis every instance shares, "
				+ "or keep spend per instance, for example:%n%n    ai-infra.budget.store=memory");
		return new FailureAnalysis(description, action, cause);
	}

}
