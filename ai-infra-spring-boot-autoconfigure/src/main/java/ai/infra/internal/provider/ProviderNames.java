package ai.infra.internal.provider;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiProviderNameIncubatingValues;
import org.jspecify.annotations.Nullable;

/**
 * Maps provider names as Spring AI reports them ({@code google_genai}, {@code openai_sdk},
 * ...) to the well-known OpenTelemetry values of {@code gen_ai.provider.name}
 * ({@code gcp.gemini}, {@code openai}, ...), and those to the provider ids of a price
 * table. A name with no well-known value is kept, normalized.
 */
public final class ProviderNames {

	/** The OpenTelemetry value for Ollama, which the conventions do not list. */
	public static final String OLLAMA = "ollama";

	private static final Map<String, String> OPEN_TELEMETRY = Map.ofEntries(
			Map.entry("openai_sdk", GenAiProviderNameIncubatingValues.OPENAI),
			Map.entry("google_genai", GenAiProviderNameIncubatingValues.GCP_GEMINI),
			Map.entry("gemini", GenAiProviderNameIncubatingValues.GCP_GEMINI),
			Map.entry("vertex_ai", GenAiProviderNameIncubatingValues.GCP_VERTEX_AI),
			Map.entry("azure_openai", GenAiProviderNameIncubatingValues.AZURE_AI_OPENAI),
			Map.entry("azure_ai_inference", GenAiProviderNameIncubatingValues.AZURE_AI_INFERENCE),
			Map.entry("bedrock_converse", GenAiProviderNameIncubatingValues.AWS_BEDROCK),
			Map.entry("bedrock", GenAiProviderNameIncubatingValues.AWS_BEDROCK),
			Map.entry("mistral", GenAiProviderNameIncubatingValues.MISTRAL_AI),
			Map.entry("xai", GenAiProviderNameIncubatingValues.X_AI),
			Map.entry("watsonx_ai", GenAiProviderNameIncubatingValues.IBM_WATSONX_AI));

	// Keys are OpenTelemetry values; the table's ids are normalized like any name.
	private static final Map<String, String> PRICE_TABLE = Map.ofEntries(
			Map.entry(GenAiProviderNameIncubatingValues.GCP_GEMINI, "google"),
			Map.entry(GenAiProviderNameIncubatingValues.GCP_VERTEX_AI, "google"),
			Map.entry(GenAiProviderNameIncubatingValues.GCP_GEN_AI, "google"),
			Map.entry(GenAiProviderNameIncubatingValues.AZURE_AI_OPENAI, "azure"),
			Map.entry(GenAiProviderNameIncubatingValues.AZURE_AI_INFERENCE, "azure"),
			Map.entry(GenAiProviderNameIncubatingValues.AWS_BEDROCK, "aws"),
			Map.entry(GenAiProviderNameIncubatingValues.MISTRAL_AI, "mistral"));

	// Models served on the user's own hardware have no per-token price, and pricing them
	// like a hosted model of the same name would report money that was never spent.
	private static final Set<String> SELF_HOSTED = Set.of(OLLAMA, "onnx");

	private ProviderNames() {
	}

	/**
	 * Return the OpenTelemetry {@code gen_ai.provider.name} value of a provider.
	 * @param name the provider name as Spring AI or a user reports it, or a value that
	 * already is an OpenTelemetry one
	 * @return the well-known value, or the normalized name when there is none; empty if
	 * {@code name} is {@code null}
	 */
	public static String openTelemetryName(@Nullable String name) {
		String normalized = normalize(name);
		return OPEN_TELEMETRY.getOrDefault(normalized, normalized);
	}

	/**
	 * Return the normalized price table id of a provider.
	 * @param name the provider name in any of the spellings {@link #openTelemetryName}
	 * accepts
	 * @return the price table id, which may not exist in a given table
	 */
	public static String priceTableId(@Nullable String name) {
		String provider = openTelemetryName(name);
		return PRICE_TABLE.getOrDefault(provider, provider);
	}

	/**
	 * Normalize a price table id so that spellings such as {@code x-ai} and {@code x_ai}
	 * compare equal.
	 * @param id the id as the table spells it
	 * @return the normalized id
	 */
	public static String normalizeTableId(String id) {
		return normalize(id);
	}

	/**
	 * Return whether a provider runs models on the user's own hardware, so that its calls
	 * cost nothing unless a price is configured for the model.
	 * @param name the provider name in any of the spellings {@link #openTelemetryName}
	 * accepts
	 * @return whether the provider is self-hosted
	 */
	public static boolean isSelfHosted(@Nullable String name) {
		return SELF_HOSTED.contains(openTelemetryName(name));
	}

	private static String normalize(@Nullable String name) {
		return (name != null) ? name.trim().toLowerCase(Locale.ROOT).replace('-', '_') : "";
	}

}
