package ai.infra.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerting rules in {@code ops/prometheus} pass Prometheus' own checks and unit tests,
 * run by Debian's {@code promtool}, which comes with the {@code prometheus} package.
 */
class PrometheusRulesTests {

	static final Path RULES_DIRECTORY = Path.of("..", "ops", "prometheus").toAbsolutePath().normalize();

	static final Path RULES = RULES_DIRECTORY.resolve("ai-infra-rules.yml");

	private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

	@Test
	void shouldPassPromtoolCheckRules() throws Exception {
		Result result = promtool("check", "rules", RULES.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: 8 rules found");
	}

	@Test
	void shouldPassPromtoolUnitTestsThatFireAndDoNotFireEachAlert() throws Exception {
		Result result = promtool("test", "rules", "ai-infra-rules.test.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	private static Result promtool(String... arguments) throws Exception {
		assertThat(PROMTOOL).as("promtool, from Debian's prometheus package (apt-get install prometheus)")
			.isExecutable();
		String[] command = new String[arguments.length + 1];
		command[0] = PROMTOOL.toString();
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		Process process = new ProcessBuilder(command).directory(RULES_DIRECTORY.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool exited").isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
