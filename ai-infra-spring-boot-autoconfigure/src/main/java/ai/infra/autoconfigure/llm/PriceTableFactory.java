package ai.infra.autoconfigure.llm;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.cost.ModelPrice;
import ai.infra.cost.PriceTable;

import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;

/**
 * Builds the price table from {@link AiInfraPricingProperties}, rejecting prices that
 * cannot be right.
 */
final class PriceTableFactory {

	private static final String PREFIX = "ai-infra.pricing.";

	private PriceTableFactory() {
	}

	static PriceTable create(AiInfraPricingProperties properties, Environment environment) {
		try {
			return create(properties);
		}
		catch (InvalidAiInfraPropertyException ex) {
			throw ex.locatedIn(environment);
		}
	}

	private static PriceTable create(AiInfraPricingProperties properties) {
		PriceTable table = (properties.getFile() != null) ? load(properties.getFile()) : PriceTable.bundled();
		Map<String, ModelPrice> overrides = new LinkedHashMap<>();
		properties.getModels().forEach((model, price) -> overrides.put(model, toModelPrice(model, price)));
		return overrides.isEmpty() ? table : table.withOverrides(overrides);
	}

	private static PriceTable load(Resource file) {
		try (InputStream input = file.getInputStream()) {
			return PriceTable.load(input);
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidAiInfraPropertyException(PREFIX + "file", file.getDescription(),
					"the price file cannot be read (" + ex.getMessage() + ")",
					PREFIX + "file=classpath:my-prices.json");
		}
	}

	private static ModelPrice toModelPrice(String model, AiInfraPricingProperties.Price price) {
		String property = PREFIX + "models." + model + ".";
		Double input = price.getInputPerMillion();
		Double output = price.getOutputPerMillion();
		if (input == null || output == null) {
			String missing = (input == null) ? "input-per-million" : "output-per-million";
			throw new InvalidAiInfraPropertyException(property + missing, null,
					"a model price needs both an input and an output price", property + missing + "=2.5");
		}
		requireNonNegative(property + "input-per-million", input);
		requireNonNegative(property + "output-per-million", output);
		Double cached = price.getCachedInputPerMillion();
		if (cached != null) {
			requireNonNegative(property + "cached-input-per-million", cached);
		}
		ModelPrice modelPrice = new ModelPrice(input, output, cached);
		Double cacheWrite = price.getCacheWriteInputPerMillion();
		if (cacheWrite == null) {
			return modelPrice;
		}
		requireNonNegative(property + "cache-write-input-per-million", cacheWrite);
		return modelPrice.withCacheWritePrice(cacheWrite);
	}

	static List<String> freeProviders(AiInfraPricingProperties properties, Environment environment) {
		List<String> providers = properties.getFreeProviders();
		for (int i = 0; i < providers.size(); i++) {
			String provider = providers.get(i);
			if (provider == null || provider.isBlank()) {
				throw new InvalidAiInfraPropertyException(PREFIX + "free-providers[" + i + "]", provider,
						"a free provider needs a name", PREFIX + "free-providers=vllm").locatedIn(environment);
			}
		}
		return List.copyOf(providers);
	}

	private static void requireNonNegative(String property, double value) {
		if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
			throw new InvalidAiInfraPropertyException(property, value,
					"a price is a non-negative number of US dollars per million tokens", property + "=2.5");
		}
	}

}
