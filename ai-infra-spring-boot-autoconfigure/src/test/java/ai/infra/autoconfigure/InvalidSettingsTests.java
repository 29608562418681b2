package ai.infra.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ai.infra.autoconfigure.tracing.LoggingReset;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts an application with every kind of invalid ai-infra setting (properties, the
 * seed's environment variables and the OpenTelemetry fallbacks) and checks what the user
 * sees: a failure report naming the setting, the bad value and a valid example, or, for
 * the few values that are deliberately tolerated, the documented behaviour. The README's
 * table of invalid settings lists exactly these cases with the messages they really
 * produce.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingsTests {

	private static final String HEADING = "### Invalid settings";

	private static final String TRACING = "ai-infra.tracing.";

	private static final String PRICE = "ai-infra.pricing.models.my-model.";

	static List<Setting> settings() {
		List<Setting> settings = new ArrayList<>();
		settings.add(property(TRACING + "enabled", "maybe"));
		for (String rate : List.of("1.5", "-0.1", "NaN", "Infinity", "often")) {
			settings.add(property(TRACING + "sample-rate", rate));
		}
		for (String exporter : List.of("kafka", "none,otlp", "otlp,,console", "")) {
			settings.add(property(TRACING + "exporter", exporter));
		}
		for (String propagators : List.of("w3c", "xray", "")) {
			settings.add(property(TRACING + "propagators", propagators));
		}
		for (String protocol : List.of("udp", "http/json")) {
			settings.add(property(TRACING + "protocol", protocol));
		}
		for (String endpoint : List.of("localhost:4317", "ftp://collector:21", "http://bad host:4317", "http://:4317",
				"http://jaeger:14268/api/traces", "http://jaeger:14250")) {
			settings.add(property(TRACING + "endpoint", endpoint));
		}
		settings.add(property(TRACING + "endpoint", "http://collector:4317").with(TRACING + "exporter=otlp,zipkin")
			.named(TRACING + "endpoint=http://collector:4317 with exporter=otlp,zipkin"));
		settings.add(property(TRACING + "endpoint", "not a url").with(TRACING + "exporter=console")
			.named(TRACING + "endpoint=not a url with exporter=console"));
		settings.add(property(TRACING + "otlp.endpoint", "collector"));
		settings.add(property(TRACING + "jaeger.endpoint", "http://jaeger:14268/api/traces"));
		settings.add(property(TRACING + "jaeger.endpoint", "http://jaeger:14268/api/traces")
			.with(TRACING + "exporter=jaeger")
			.named(TRACING + "jaeger.endpoint=http://jaeger:14268/api/traces with exporter=jaeger"));
		settings.add(property(TRACING + "zipkin.endpoint", "zipkin:9411"));
		settings.add(new Setting(TRACING + "headers[bad header]=token", List.of(TRACING + "headers[bad header]=token"),
				Map.of(), TRACING + "headers", "bad header", null));
		settings.add(new Setting(TRACING + "headers[bad header]=token with exporter=zipkin",
				List.of(TRACING + "headers[bad header]=token", TRACING + "exporter=zipkin"), Map.of(), TRACING + "headers",
				"bad header", null));
		settings.add(property(TRACING + "headers.Authorization", "Bearer \u00e9t\u00e9"));
		settings.add(property(TRACING + "metrics-endpoint", "collector:4318"));
		settings.add(property(TRACING + "metrics-endpoint", "ftp://collector:21"));
		settings.add(property(TRACING + "metrics-endpoint", "collector:4318").with(TRACING + "enable-metrics=false")
			.named(TRACING + "metrics-endpoint=collector:4318 with enable-metrics=false"));
		for (String interval : List.of("often", "0s", "-5s")) {
			settings.add(property(TRACING + "metrics-interval", interval));
		}
		for (String timeout : List.of("0s", "-1s")) {
			settings.add(property("management.opentelemetry.tracing.export.timeout", timeout));
		}
		settings.add(property(TRACING + "enable-metrics", "maybe"));
		settings.add(property(TRACING + "capture-content", "maybe"));
		settings.add(property(TRACING + "capture-content-max-length", "-1"));
		settings.add(property(TRACING + "capture-content-max-length", "long"));
		settings.add(property(TRACING + "tool-args.max-length", "-1"));
		settings.add(property(TRACING + "tool-args.max-length", "long"));
		settings.add(property(TRACING + "keep.slower-than", "0s"));
		settings.add(property(TRACING + "keep.costlier-than", "-1"));
		settings.add(property(TRACING + "keep.max-wait", "0s"));
		settings.add(property(TRACING + "keep.max-pending-spans", "0"));
		settings.add(property(TRACING + "service-name", " ").tolerated(InvalidSettingsTests::serviceNameIsApplicationName));
		for (String price : List.of("-1", "NaN", "cheap")) {
			settings.add(property(PRICE + "input-per-million", price).with(PRICE + "output-per-million=10"));
		}
		settings.add(property(PRICE + "cached-input-per-million", "-0.5").with(PRICE + "input-per-million=2.5",
				PRICE + "output-per-million=10"));
		settings.add(new Setting(PRICE + "input-per-million=2.5", List.of(PRICE + "input-per-million=2.5"), Map.of(),
				PRICE + "output-per-million", null, null));
		settings.add(new Setting("ai-infra.pricing.free-providers=vllm,", List.of("ai-infra.pricing.free-providers=vllm,"),
				Map.of(), "ai-infra.pricing.free-providers[1]", "", null));
		settings.add(property("ai-infra.pricing.file", "classpath:missing.json"));
		settings.add(property("ai-infra.pricing.file", "classpath:META-INF/spring.factories"));
		for (String tags : List.of("tenant.id,", "tenant.id,tenant.id", "tenant.id,tenant_id", "model")) {
			String[] keys = tags.split(",", -1);
			int bad = keys.length - 1;
			settings.add(new Setting("ai-infra.metrics.tags=" + tags, List.of("ai-infra.metrics.tags=" + tags), Map.of(),
					"ai-infra.metrics.tags[" + bad + "]", keys[bad], null));
		}
		settings.add(property("ai-infra.metrics.max-tag-values", "0"));
		settings.add(property("ai-infra.metrics.max-tag-values", "many"));
		settings.add(property("ai-infra.budget.per-run", "-1"));
		settings.add(property("ai-infra.budget.default-limit", "-5"));
		settings.add(property("ai-infra.budget.limits.acme", "-0.5"));
		settings.add(property("ai-infra.budget.window", "0s"));
		settings.add(property("ai-infra.budget.window", "-1h"));
		settings.add(property("ai-infra.budget.key", " "));
		settings.add(property("ai-infra.logging.format", "xml"));
		settings.add(property("ai-infra.logging.level", "verbose"));
		settings.add(property("ai-infra.logging.level", ""));
		settings.add(variable("AI_INFRA_TRACING_ENABLED", "maybe"));
		settings.add(variable("AI_INFRA_TRACING_SAMPLE_RATE", "2"));
		settings.add(variable("AI_INFRA_TRACING_SAMPLE_RATE", "often"));
		settings.add(variable("AI_INFRA_TRACING_ENDPOINT", "collector:4317"));
		settings.add(variable("AI_INFRA_TRACING_ENDPOINT", "http://jaeger:14268/api/traces"));
		settings.add(variable("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"));
		settings.add(variable("OTEL_SERVICE_NAME", " ").tolerated(InvalidSettingsTests::serviceNameIsApplicationName));
		return settings;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("settings")
	void shouldShowWhatIsDocumented(Setting setting, CapturedOutput output) {
		List<String> documented = ReadmeTable.after(HEADING).get(setting.input());
		assertThat(documented).as("README row for %s", setting.input()).isNotNull();
		Started started = start(setting);
		if (setting.tolerated() != null) {
			assertThat(started.failure()).as("%s is tolerated", setting.input()).isNull();
			try (ConfigurableApplicationContext context = started.context()) {
				setting.tolerated().accept(context);
			}
			assertThat(documented.get(0)).startsWith("starts;");
			return;
		}
		assertThat(started.failure()).as("%s stops start-up", setting.input()).isNotNull();
		assertThat(output).as("failure report for %s, not a stack trace", setting.input())
			.contains("APPLICATION FAILED TO START", documented.get(0));
		FailureAnalysis analysis = FailureAnalyses.registered(started.failure());
		String description = analysis.getDescription();
		String action = analysis.getAction();
		assertThat(description).contains(setting.named());
		if (setting.value() != null) {
			assertThat(description).contains("'" + setting.value() + "'");
		}
		assertThat(action).contains("for example:").containsPattern("\\n\\s+\\S+=\\S+");
		assertThat(ReadmeTable.normalized(description)).contains(documented.get(0));
		assertThat(ReadmeTable.normalized(action)).contains(documented.get(1));
	}

	@Test
	void shouldDocumentEveryCaseAndNoOther() {
		assertThat(ReadmeTable.after(HEADING).keySet())
			.containsExactlyInAnyOrderElementsOf(settings().stream().map(Setting::input).toList());
	}

	private static Started start(Setting setting) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							new HashMap<>(setting.variables())));
		SpringApplication application = new SpringApplication(UserApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);
		List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off",
				"--spring.application.name=shop", "--spring.ai.openai.api-key=sk-unused"));
		setting.arguments().forEach((argument) -> arguments.add("--" + argument));
		try {
			return new Started(application.run(arguments.toArray(String[]::new)), null);
		}
		catch (RuntimeException ex) {
			return new Started(null, ex);
		}
		finally {
			LoggingReset.toDefaults();
		}
	}

	private static void serviceNameIsApplicationName(ConfigurableApplicationContext context) {
		Resource resource = context.getBean(Resource.class);
		assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("shop");
	}

	private static Setting property(String name, String value) {
		return new Setting(name + "=" + value, List.of(name + "=" + value), Map.of(), name, value, null);
	}

	private static Setting variable(String name, String value) {
		return new Setting(name + "=" + value, List.of(), Map.of(name, value), name, value, null);
	}

	private record Started(ConfigurableApplicationContext context, Throwable failure) {
	}

	/**
	 * One invalid setting.
	 *
	 * @param input how the README's table names it
	 * @param arguments command-line properties, without the leading dashes
	 * @param variables environment variables
	 * @param named what the failure description must name: the property or variable
	 * @param value the bad value the description must show, if it shows one
	 * @param tolerated for a value that is deliberately accepted, what happens instead
	 */
	record Setting(String input, List<String> arguments, Map<String, String> variables, String named, String value,
			Consumer<ConfigurableApplicationContext> tolerated) {

		Setting with(String... more) {
			return new Setting(this.input, Stream.concat(this.arguments.stream(), Stream.of(more)).toList(),
					this.variables, this.named, this.value, this.tolerated);
		}

		Setting named(String input) {
			return new Setting(input, this.arguments, this.variables, this.named, this.value, this.tolerated);
		}

		Setting tolerated(Consumer<ConfigurableApplicationContext> check) {
			return new Setting(this.input, this.arguments, this.variables, this.named, this.value, check);
		}

		@Override
		public String toString() {
			return this.input;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class UserApplication {

	}

}
