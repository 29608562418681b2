package ai.infra.autoconfigure.tracing;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.infra.autoconfigure.FailureAnalyses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that each {@code ai-infra.tracing.*} setting the selected configuration does not
 * use is warned about once at start-up, that used settings are not, and that a malformed
 * value stops start-up whatever the exporter.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnusedSettingsTests {

	private static final Pattern WARNING = Pattern.compile("Setting '([^']+)' is not used: ");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class));

	@Test
	void shouldWarnAboutEndpointWithConsoleExporter(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=console", "ai-infra.tracing.endpoint=http://collector:4317")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(warnedSettings(output)).containsExactly("ai-infra.tracing.endpoint");
				assertThat(output).contains("WARN", "Setting 'ai-infra.tracing.endpoint' is not used: the selected "
						+ "exporters send spans to no endpoint; select otlp, jaeger or zipkin, or remove the setting "
						+ "(ai-infra.tracing.exporter=console)");
			});
	}

	@Test
	void shouldWarnAboutEveryNetworkSettingWithNoneExporter(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=none", "ai-infra.tracing.endpoint=http://collector:4317",
					"ai-infra.tracing.otlp.endpoint=http://collector:4317",
					"ai-infra.tracing.jaeger.endpoint=http://jaeger:4317",
					"ai-infra.tracing.zipkin.endpoint=http://zipkin:9411", "ai-infra.tracing.protocol=grpc",
					"ai-infra.tracing.headers.Authorization=Bearer secret-token")
			.run((context) -> {
				assertThat(warnedSettings(output)).containsExactly("ai-infra.tracing.endpoint",
						"ai-infra.tracing.otlp.endpoint", "ai-infra.tracing.jaeger.endpoint",
						"ai-infra.tracing.zipkin.endpoint", "ai-infra.tracing.protocol", "ai-infra.tracing.headers");
				assertThat(output).contains("the jaeger exporter is not selected (ai-infra.tracing.exporter=none)",
						"the headers Authorization go only with OTLP exports")
					.doesNotContain("secret-token");
			});
	}

	@Test
	void shouldWarnAboutEndpointsOfExportersNotSelected(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=otlp,console",
					"ai-infra.tracing.otlp.endpoint=http://collector:4317",
					"ai-infra.tracing.zipkin.endpoint=http://zipkin:9411")
			.run((context) -> {
				assertThat(warnedSettings(output)).containsExactly("ai-infra.tracing.zipkin.endpoint");
				assertThat(output).contains("Setting 'ai-infra.tracing.zipkin.endpoint' is not used: the zipkin "
						+ "exporter is not selected (ai-infra.tracing.exporter=otlp,console)");
			});
	}

	@Test
	void shouldWarnAboutSharedEndpointWhenTheExporterHasItsOwn(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=zipkin", "ai-infra.tracing.endpoint=http://zipkin:9411",
					"ai-infra.tracing.zipkin.endpoint=http://zipkin:9411", "ai-infra.tracing.protocol=grpc")
			.run((context) -> {
				assertThat(warnedSettings(output)).containsExactly("ai-infra.tracing.endpoint",
						"ai-infra.tracing.protocol");
				assertThat(output).contains("Setting 'ai-infra.tracing.endpoint' is not used: the zipkin exporter "
						+ "sends to ai-infra.tracing.zipkin.endpoint instead (ai-infra.tracing.exporter=zipkin)",
						"Setting 'ai-infra.tracing.protocol' is not used: only the otlp and jaeger exporters send "
								+ "OTLP, and neither is selected (ai-infra.tracing.exporter=zipkin)");
			});
	}

	@Test
	void shouldWarnAboutMetricsAndContentSettingsThatAreSwitchedOff(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.enable-metrics=false",
					"ai-infra.tracing.metrics-endpoint=http://collector:4318", "ai-infra.tracing.metrics-interval=10s",
					"ai-infra.tracing.capture-content-max-length=100")
			.run((context) -> {
				assertThat(warnedSettings(output)).containsExactly("ai-infra.tracing.metrics-endpoint",
						"ai-infra.tracing.metrics-interval", "ai-infra.tracing.capture-content-max-length");
				assertThat(output).contains("Setting 'ai-infra.tracing.capture-content-max-length' is not used: "
						+ "ai-infra.tracing.capture-content is false (ai-infra.tracing.exporter=otlp)");
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			exporter=otlp,endpoint=http://collector:4317,protocol=grpc,headers.Authorization=Bearer t
			exporter=jaeger,endpoint=http://jaeger:4317,protocol=http/protobuf,headers.Authorization=Bearer t
			exporter=otlp,zipkin,otlp.endpoint=http://collector:4317,zipkin.endpoint=http://zipkin:9411
			exporter=zipkin,endpoint=http://zipkin:9411,metrics-endpoint=http://collector:4318,headers.Authorization=Bearer t
			metrics-endpoint=http://collector:4318,metrics-interval=10s
			capture-content=true,capture-content-max-length=100
			exporter=console
			""")
	void shouldNotWarnAboutSettingsInUse(String settings, CapturedOutput output) {
		this.contextRunner.withPropertyValues(properties(settings)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(warnedSettings(output)).isEmpty();
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			exporter=console,endpoint=not a url          | ai-infra.tracing.endpoint         | 'not a url'      | the endpoint is not a valid URL | ai-infra.tracing.endpoint=http://localhost:4317
			exporter=none,endpoint=collector:4317        | ai-infra.tracing.endpoint         | 'collector:4317' | absolute http or https URL      | ai-infra.tracing.endpoint=http://localhost:4317
			exporter=zipkin,zipkin.endpoint=http://zipkin:9411,endpoint=zipkin | ai-infra.tracing.endpoint | 'zipkin' | absolute http or https URL | ai-infra.tracing.endpoint=http://localhost:9411/api/v2/spans
			exporter=console,otlp.endpoint=collector     | ai-infra.tracing.otlp.endpoint    | 'collector'      | absolute http or https URL      | ai-infra.tracing.otlp.endpoint=http://localhost:4317
			exporter=zipkin,headers[bad header]=token    | ai-infra.tracing.headers          | 'bad header'     | not a valid HTTP header name    | ai-infra.tracing.headers.Authorization=Bearer my-token
			exporter=console,metrics-endpoint=collector  | ai-infra.tracing.metrics-endpoint | 'collector'      | absolute http or https URL      | ai-infra.tracing.metrics-endpoint=http://localhost:4318/v1/metrics
			""")
	void shouldFailOnMalformedValueWhateverTheExporter(String settings, String property, String value, String reason,
			String example) {
		this.contextRunner.withPropertyValues(properties(settings)).run((context) -> {
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(value, "'" + property + "'", reason);
			assertThat(analysis.getAction()).contains(example);
		});
	}

	private static String[] properties(String settings) {
		// Commas separate settings except inside a list value such as exporter=otlp,zipkin.
		return Pattern.compile(",(?=[A-Za-z.-]+(\\[[^]]*])?=)")
			.splitAsStream(settings)
			.map((setting) -> "ai-infra.tracing." + setting.trim())
			.toArray(String[]::new);
	}

	private static List<String> warnedSettings(CapturedOutput output) {
		Matcher matcher = WARNING.matcher(output.getOut());
		return matcher.results().map((result) -> result.group(1)).toList();
	}

}
