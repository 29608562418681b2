package ai.infra.internal.tool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ToolArguments}.
 */
class ToolArgumentsTests {

	private final ToolArguments arguments = new ToolArguments(List.of("password", "secret", "token", "api-key",
			"apikey", "authorization", "credential", "credentials", "private-key"), 200);

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "password", "apiKey", "api_key", "X-API-KEY", "accessToken", "refresh_token", "clientSecret",
			"Authorization", "awsCredentials", "privateKey", "apikey" })
	void shouldRedactNamesThatLookSecret(String name) {
		assertThat(this.arguments.sanitize("{\"" + name + "\":\"hunter2\",\"city\":\"Paris\"}"))
			.isEqualTo("{\"" + name + "\":\"[REDACTED]\",\"city\":\"Paris\"}");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "maxTokens", "max_tokens", "secretary", "keyword", "passwordless" })
	void shouldKeepNamesThatOnlyResembleSecrets(String name) {
		String json = "{\"" + name + "\":\"value\"}";
		assertThat(this.arguments.sanitize(json)).isEqualTo(json);
	}

	@Test
	void shouldStillRedactAfterMoreArgumentNamesThanItRemembers() {
		for (int i = 0; i < 3000; i++) {
			assertThat(this.arguments.sanitize("{\"field" + i + "\":\"v\"}")).isEqualTo("{\"field" + i + "\":\"v\"}");
			assertThat(this.arguments.sanitize("{\"token" + i + "\":\"t\",\"password\":\"p\"}"))
				.isEqualTo("{\"token" + i + "\":\"t\",\"password\":\"[REDACTED]\"}");
		}
	}

	@Test
	void shouldRedactNestedObjectsAndArrays() {
		assertThat(this.arguments
			.sanitize("{\"accounts\":[{\"user\":\"ann\",\"password\":\"p1\"}],\"auth\":{\"token\":{\"value\":\"t\"}}}"))
			.isEqualTo("{\"accounts\":[{\"user\":\"ann\",\"password\":\"[REDACTED]\"}],"
					+ "\"auth\":{\"token\":\"[REDACTED]\"}}");
	}

	@Test
	void shouldTruncateLongArgumentsAndSayHowMuchWasCut() {
		String value = "x".repeat(500);
		String sanitized = this.arguments.sanitize("{\"text\":\"" + value + "\"}");
		assertThat(sanitized).hasSize(200 + "...[truncated 311 chars]".length())
			.startsWith("{\"text\":\"xxx")
			.endsWith("...[truncated 311 chars]");
	}

	@Test
	void shouldShowNothingOfArgumentsThatAreNotJson() {
		assertThat(this.arguments.sanitize("password=hunter2")).isEqualTo(ToolArguments.REDACTED);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "{\"city\":\"Paris\"} password=hunter2", "{\"city\":\"Paris\"", "'{\"a\":1}{\"password\":\"p\"}'" })
	void shouldShowNothingOfArgumentsWithMoreOrLessThanOneJsonValue(String json) {
		assertThat(this.arguments.sanitize(json)).isEqualTo(ToolArguments.REDACTED);
	}

	@Test
	void shouldKeepNumbersLiteralsAndTopLevelArraysAsTheModelSentThem() {
		assertThat(this.arguments.sanitize(" [ {\"price\": 1.50, \"n\": -3, \"ok\": true, \"x\": null, \"token\": [1, {\"a\": 2}]} ] "))
			.isEqualTo("[{\"price\":1.50,\"n\":-3,\"ok\":true,\"x\":null,\"token\":\"[REDACTED]\"}]");
	}

	@Test
	void shouldShowEmptyArgumentsAsEmpty() {
		assertThat(this.arguments.sanitize("")).isEmpty();
		assertThat(this.arguments.sanitize("{}")).isEqualTo("{}");
	}

	@Test
	void shouldSanitizeNamedJavaArguments() {
		Map<String, Object> named = new LinkedHashMap<>();
		named.put("city", "Rome");
		named.put("apiKey", "sk-live");
		named.put("nights", 3);
		assertThat(this.arguments.sanitize(named)).isEqualTo("{\"city\":\"Rome\",\"apiKey\":\"[REDACTED]\",\"nights\":3}");
	}

	@Test
	void shouldUseTheConfiguredNames() {
		ToolArguments custom = new ToolArguments(List.of("ssn"), 100);
		assertThat(custom.sanitize("{\"ssn\":\"123\",\"password\":\"p\"}"))
			.isEqualTo("{\"ssn\":\"[REDACTED]\",\"password\":\"p\"}");
	}

}
