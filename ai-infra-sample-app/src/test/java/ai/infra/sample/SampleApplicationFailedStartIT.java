package ai.infra.sample;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample application started with an invalid ai-infra setting: it prints the
 * failure analysis and exits with a non-zero status, instead of being kept alive by its
 * built-in fake model server.
 */
class SampleApplicationFailedStartIT {

	@Test
	void shouldExitWithAFailureReportWhenASettingIsInvalid() throws Exception {
		try (SampleApplicationProcess application = SampleApplicationProcess.launch(Map.of(),
				"--ai-infra.tracing.sample-rate=2")) {
			Integer status = application.awaitExit(Duration.ofSeconds(60));

			assertThat(status).as("exit status; output:%n%s", application.output()).isNotNull().isNotZero();
			assertThat(application.output()).contains("APPLICATION FAILED TO START",
					"Invalid value '2' for property 'ai-infra.tracing.sample-rate'");
		}
	}

}
