package ai.infra.autoconfigure.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Configuration properties for the prices used to compute the cost of model calls.
 */
@ConfigurationProperties("ai-infra.pricing")
public class AiInfraPricingProperties {

	/**
	 * Price file replacing the bundled price table, in the bundled table's format, for
	 * example file:./prices.json.
	 */
	private @Nullable Resource file;

	/**
	 * Prices per model name that override or add to the price table.
	 */
	private Map<String, Price> models = new LinkedHashMap<>();

	/**
	 * Providers whose models run on the team's own hardware, so that their calls cost
	 * nothing unless a model price is set, for example vllm; Ollama always does.
	 */
	private List<String> freeProviders = new ArrayList<>();

	public @Nullable Resource getFile() {
		return this.file;
	}

	public void setFile(@Nullable Resource file) {
		this.file = file;
	}

	public Map<String, Price> getModels() {
		return this.models;
	}

	public void setModels(Map<String, Price> models) {
		this.models = models;
	}

	public List<String> getFreeProviders() {
		return this.freeProviders;
	}

	public void setFreeProviders(List<String> freeProviders) {
		this.freeProviders = freeProviders;
	}

	/**
	 * Price of one model in US dollars per million tokens.
	 */
	public static class Price {

		/**
		 * Price of one million input tokens in US dollars.
		 */
		private @Nullable Double inputPerMillion;

		/**
		 * Price of one million output tokens in US dollars.
		 */
		private @Nullable Double outputPerMillion;

		/**
		 * Price of one million input tokens served from the prompt cache in US dollars;
		 * defaults to the input price.
		 */
		private @Nullable Double cachedInputPerMillion;

		/**
		 * Price of one million input tokens written to the prompt cache in US dollars;
		 * defaults to the input price.
		 */
		private @Nullable Double cacheWriteInputPerMillion;

		public @Nullable Double getInputPerMillion() {
			return this.inputPerMillion;
		}

		public void setInputPerMillion(@Nullable Double inputPerMillion) {
			this.inputPerMillion = inputPerMillion;
		}

		public @Nullable Double getOutputPerMillion() {
			return this.outputPerMillion;
		}

		public void setOutputPerMillion(@Nullable Double outputPerMillion) {
			this.outputPerMillion = outputPerMillion;
		}

		public @Nullable Double getCachedInputPerMillion() {
			return this.cachedInputPerMillion;
		}

		public void setCachedInputPerMillion(@Nullable Double cachedInputPerMillion) {
			this.cachedInputPerMillion = cachedInputPerMillion;
		}

		public @Nullable Double getCacheWriteInputPerMillion() {
			return this.cacheWriteInputPerMillion;
		}

		public void setCacheWriteInputPerMillion(@Nullable Double cacheWriteInputPerMillion) {
			this.cacheWriteInputPerMillion = cacheWriteInputPerMillion;
		}

	}

}
