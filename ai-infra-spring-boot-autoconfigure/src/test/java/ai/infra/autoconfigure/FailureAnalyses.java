package ai.infra.autoconfigure;

import java.util.Objects;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs ai-infra's failure analyzer on a start-up failure, as Boot does when the
 * application fails to start.
 */
public final class FailureAnalyses {

	private FailureAnalyses() {
	}

	/**
	 * Analyze a failure with ai-infra's own analyzers, in their order.
	 * @param failure the start-up failure
	 * @return the analysis
	 */
	public static FailureAnalysis analyze(Throwable failure) {
		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new AiInfraBindFailureAnalyzer().analyze(failure);
		if (analysis == null) {
			analysis = new InvalidAiInfraPropertyFailureAnalyzer().analyze(failure);
		}
		assertThat(analysis).as("analysis of %s", failure).isNotNull();
		return analysis;
	}

	/**
	 * Analyze a failure as {@code SpringApplication} does: with the first analyzer
	 * registered in {@code spring.factories}, in order, that explains it. Analyzers that
	 * need the application context are skipped.
	 * @param failure the start-up failure
	 * @return the analysis
	 */
	public static FailureAnalysis registered(Throwable failure) {
		return SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, (type, name, ex) -> {
			})
			.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No failure analysis of " + failure));
	}

}
