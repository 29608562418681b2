package ai.infra.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;

import ai.infra.autoconfigure.tracing.AiInfraTracingProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration metadata IDEs use for completion.
 */
class ConfigurationMetadataTests {

	@Test
	@SuppressWarnings("unchecked")
	void shouldDescribeEveryPropertyInOneSentence() throws Exception {
		Map<String, Object> metadata = read();
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("ai-infra.tracing.enabled", "ai-infra.tracing.service-name", "ai-infra.tracing.service-version",
					"ai-infra.tracing.environment", "ai-infra.tracing.exporter", "ai-infra.tracing.endpoint",
					"ai-infra.tracing.protocol", "ai-infra.tracing.sample-rate", "ai-infra.tracing.propagators");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank()
			.endsWith("."));
		assertThat(properties).filteredOn((property) -> "java.lang.Boolean".equals(property.get("type")))
			.allSatisfy((property) -> assertThat((String) property.get("description")).startsWith("Whether"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldOfferValueHintsForExporterProtocolAndPropagators() throws Exception {
		List<Map<String, Object>> hints = (List<Map<String, Object>>) read().get("hints");
		assertThat(hints).extracting((hint) -> hint.get("name"))
			.contains("ai-infra.tracing.exporter", "ai-infra.tracing.protocol", "ai-infra.tracing.propagators");
		Map<String, Object> exporter = hints.stream()
			.filter((hint) -> "ai-infra.tracing.exporter".equals(hint.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat((List<Map<String, Object>>) exporter.get("values")).extracting((value) -> value.get("value"))
			.containsExactly("otlp", "jaeger", "zipkin", "console", "none");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> read() throws Exception {
		// The metadata that ships beside the properties class, not any a test compiled.
		URL location = AiInfraTracingProperties.class.getProtectionDomain().getCodeSource().getLocation();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { location }, null);
				InputStream in = loader.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			return JsonMapper.builder().build().readValue(in, Map.class);
		}
	}

}
