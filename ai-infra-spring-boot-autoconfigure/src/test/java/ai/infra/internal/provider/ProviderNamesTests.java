package ai.infra.internal.provider;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProviderNames}.
 */
class ProviderNamesTests {

	@ParameterizedTest(name = "{0} -> {1}, priced as {2}")
	@CsvSource(textBlock = """
			openai,             openai,            openai
			openai_sdk,         openai,            openai
			anthropic,          anthropic,         anthropic
			google_genai,       gcp.gemini,        google
			vertex_ai,          gcp.vertex_ai,     google
			gcp.gemini,         gcp.gemini,        google
			ollama,             ollama,            ollama
			mistral_ai,         mistral_ai,        mistral
			deepseek,           deepseek,          deepseek
			azure_openai,       azure.ai.openai,   azure
			azure-openai,       azure.ai.openai,   azure
			bedrock_converse,   aws.bedrock,       aws
			xai,                x_ai,              x_ai
			Groq,               groq,              groq
			my-gateway,         my_gateway,        my_gateway
			""")
	void shouldMapSpringAiNamesToOpenTelemetryValuesAndPriceTableIds(String springAi, String openTelemetry,
			String priceTable) {
		assertThat(ProviderNames.openTelemetryName(springAi)).isEqualTo(openTelemetry);
		assertThat(ProviderNames.openTelemetryName(openTelemetry)).isEqualTo(openTelemetry);
		assertThat(ProviderNames.priceTableId(springAi)).isEqualTo(priceTable);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(textBlock = """
			ollama,       true
			Ollama,       true
			onnx,         true
			openai,       false
			google_genai, false
			""")
	void shouldKnowWhichProvidersAreSelfHosted(String provider, boolean selfHosted) {
		assertThat(ProviderNames.isSelfHosted(provider)).isEqualTo(selfHosted);
	}

}
