package ai.infra.autoconfigure.logging;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that IDEs complete the logging and baggage properties, with their defaults.
 */
class AiInfraLoggingMetadataTests {

	@Test
	void shouldDescribeLoggingAndBaggageProperties() throws Exception {
		List<Map<String, Object>> properties = properties();
		assertThat(property(properties, "ai-infra.logging.format")).containsEntry("defaultValue", "text")
			.containsEntry("type", AiInfraLoggingProperties.Format.class.getName());
		assertThat(property(properties, "ai-infra.logging.level")).containsEntry("type",
				"org.springframework.boot.logging.LogLevel");
		assertThat(property(properties, "ai-infra.tracing.baggage-attributes")).containsEntry("defaultValue",
				List.of("user.id", "tenant.id"));
		assertThat(List.of("ai-infra.logging.format", "ai-infra.logging.level", "ai-infra.tracing.baggage-attributes"))
			.allSatisfy((name) -> assertThat((String) property(properties, name).get("description")).endsWith("."));
	}

	private static Map<String, Object> property(List<Map<String, Object>> properties, String name) {
		return properties.stream().filter((property) -> name.equals(property.get("name"))).findFirst().orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> properties() throws Exception {
		URL location = AiInfraLoggingProperties.class.getProtectionDomain().getCodeSource().getLocation();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { location }, null);
				InputStream in = loader.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			Map<String, Object> metadata = JsonMapper.builder().build().readValue(in, Map.class);
			return (List<Map<String, Object>>) metadata.get("properties");
		}
	}

}
