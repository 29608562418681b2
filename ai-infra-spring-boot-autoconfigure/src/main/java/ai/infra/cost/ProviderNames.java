package ai.infra.cost;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Maps provider names as Spring AI reports them ({@code gen_ai.system}) to the provider
 * ids of a price table.
 */
final class ProviderNames {

	private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("openai_sdk", "openai"),
			Map.entry("azure_openai", "azure"), Map.entry("google_genai", "google"), Map.entry("vertex_ai", "google"),
			Map.entry("gemini", "google"), Map.entry("mistral_ai", "mistral"), Map.entry("bedrock_converse", "aws"),
			Map.entry("bedrock", "aws"), Map.entry("xai", "x_ai"));

	// Models served on the user's own hardware have no per-token price, and pricing them
	// like a hosted model of the same name would report money that was never spent.
	private static final Set<String> LOCAL = Set.of("ollama", "onnx");

	private ProviderNames() {
	}

	/**
	 * Normalize a provider name or price table id so that spellings such as
	 * {@code azure-openai} and {@code azure_openai} compare equal.
	 * @param name the provider name
	 * @return the normalized name, empty if {@code name} is {@code null}
	 */
	static String normalize(@Nullable String name) {
		return (name != null) ? name.trim().toLowerCase(Locale.ROOT).replace('-', '_') : "";
	}

	/**
	 * Return the normalized price table id for a normalized provider name.
	 * @param provider the normalized provider name
	 * @return the price table id, which may not exist in a given table
	 */
	static String tableId(String provider) {
		return ALIASES.getOrDefault(provider, provider);
	}

	/**
	 * Return whether a normalized provider name denotes models run locally.
	 * @param provider the normalized provider name
	 * @return whether the provider runs models locally
	 */
	static boolean isLocal(String provider) {
		return LOCAL.contains(provider);
	}

}
