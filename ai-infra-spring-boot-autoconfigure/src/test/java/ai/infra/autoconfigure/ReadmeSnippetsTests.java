package ai.infra.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ai.infra.autoconfigure.budget.AiInfraBudgetProperties;
import ai.infra.autoconfigure.llm.AiInfraPricingProperties;
import ai.infra.autoconfigure.logging.AiInfraLoggingProperties;
import ai.infra.autoconfigure.tracing.AiInfraTracingAutoConfiguration;
import ai.infra.autoconfigure.tracing.AiInfraTracingProperties;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README honest: every YAML snippet binds to ai-infra's properties and passes
 * their validation, and every Java snippet stands, verbatim, in compiled code of the
 * project (the sample application or a test that runs it).
 */
class ReadmeSnippetsTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

	private static final Set<String> MAP_PROPERTIES = Set.of("ai-infra.tracing.headers", "ai-infra.pricing.models",
			"ai-infra.budget.limits");

	@TestFactory
	Stream<DynamicTest> shouldBindEveryYamlSnippet() {
		Set<String> known = knownProperties();
		return snippets("yaml").stream().map((snippet) -> DynamicTest.dynamicTest(firstLines(snippet), () -> {
			StandardEnvironment environment = new StandardEnvironment();
			environment.getPropertySources()
				.addFirst(new MapPropertySource("placeholders", Map.of("LANGFUSE_AUTH", "dXNlcjpwYXNz", "COLLECTOR_CA",
						"classpath:readme/collector-ca.pem")));
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("README",
					new ByteArrayResource(snippet.getBytes(StandardCharsets.UTF_8)))) {
				environment.getPropertySources().addFirst(source);
				for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
					if (name.startsWith("ai-infra.")) {
						assertThat(isKnown(name, known)).as("README property %s", name).isTrue();
					}
				}
			}
			Binder binder = Binder.get(environment);
			binder.bindOrCreate("ai-infra.tracing", AiInfraTracingProperties.class);
			binder.bindOrCreate("ai-infra.pricing", AiInfraPricingProperties.class);
			binder.bindOrCreate("ai-infra.logging", AiInfraLoggingProperties.class);
			binder.bindOrCreate("ai-infra.budget", AiInfraBudgetProperties.class);
			// Every setting is resolved and validated the way an application starts with it.
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
						OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
						SslAutoConfiguration.class, AiInfraTracingAutoConfiguration.class))
				.withInitializer((context) -> environment.getPropertySources()
					.forEach((source) -> context.getEnvironment().getPropertySources().addFirst(source)))
				.run((context) -> assertThat(context).hasNotFailed());
		}));
	}

	@TestFactory
	Stream<DynamicTest> shouldFindEveryJavaSnippetInCompiledCode() throws IOException {
		String sources = javaSources();
		return snippets("java").stream()
			.map((snippet) -> DynamicTest.dynamicTest(firstLines(snippet),
					() -> assertThat(sources).as("README snippet:%n%s", snippet).contains(withoutSpace(snippet))));
	}

	private static List<String> snippets(String language) {
		try {
			String readme = Files.readString(ROOT.resolve("README.md"));
			List<String> snippets = new ArrayList<>();
			Matcher matcher = BLOCK.matcher(readme);
			while (matcher.find()) {
				if (matcher.group(1).equals(language)) {
					snippets.add(matcher.group(2));
				}
			}
			assertThat(snippets).as("%s snippets in the README", language).isNotEmpty();
			return snippets;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String javaSources() throws IOException {
		try (Stream<Path> files = Files.walk(ROOT)) {
			return files.filter((file) -> file.toString().endsWith(".java") && file.toString().contains("/src/")
					&& !file.toString().contains("/target/"))
				.map(ReadmeSnippetsTests::read)
				.map(ReadmeSnippetsTests::withoutSpace)
				.collect(Collectors.joining("\n"));
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String withoutSpace(String code) {
		return code.replaceAll("\\s+", "");
	}

	private static boolean isKnown(String name, Set<String> known) {
		String plain = name.replaceAll("\\[\\d+]$", "");
		return known.contains(plain) || MAP_PROPERTIES.stream().anyMatch((map) -> plain.startsWith(map + "."));
	}

	@SuppressWarnings("unchecked")
	private static Set<String> knownProperties() {
		URL location = AiInfraTracingProperties.class.getProtectionDomain().getCodeSource().getLocation();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { location }, null);
				InputStream in = loader.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			Map<String, Object> metadata = JsonMapper.builder().build().readValue(in, Map.class);
			return ((List<Map<String, Object>>) metadata.get("properties")).stream()
				.map((property) -> (String) property.get("name"))
				.collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String firstLines(String snippet) {
		return snippet.lines().limit(3).collect(Collectors.joining(" ")).strip();
	}

}
