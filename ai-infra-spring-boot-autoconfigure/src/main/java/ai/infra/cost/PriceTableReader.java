package ai.infra.cost;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

import ai.infra.cost.ProviderPrices.PatternPrice;
import ai.infra.internal.provider.ProviderNames;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a price table in the format of the bundled {@code model-prices.json}.
 */
final class PriceTableReader {

	/**
	 * The only unit a price table may use.
	 */
	static final String UNITS = "USD per 1,000,000 tokens";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private PriceTableReader() {
	}

	/**
	 * Read a price table.
	 * @param input the JSON document, not closed by this method
	 * @return the price table
	 * @throws IllegalArgumentException if the document is not a valid price table
	 */
	static PriceTable read(InputStream input) {
		JsonNode root;
		try {
			root = mapper.readTree(input);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Price table is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("Price table must be a JSON object");
		}
		String source = requiredText(root, "source");
		LocalDate date = date(requiredText(root, "date"));
		String units = requiredText(root, "units");
		if (!UNITS.equals(units)) {
			// Prices in any other unit would be silently wrong by a constant factor.
			throw new IllegalArgumentException("Price table units must be '" + UNITS + "' but were '" + units + "'");
		}
		JsonNode providers = root.path("providers");
		if (!providers.isObject()) {
			throw new IllegalArgumentException("Price table must have a 'providers' object");
		}
		Map<String, ProviderPrices> parsed = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> provider : providers.properties()) {
			ProviderPrices prices = provider(provider.getKey(), provider.getValue());
			if (parsed.putIfAbsent(prices.id(), prices) != null) {
				throw new IllegalArgumentException("Price table has provider '" + prices.id() + "' more than once");
			}
		}
		return new PriceTable(source, date, List.copyOf(parsed.values()), Map.of());
	}

	private static ProviderPrices provider(String name, JsonNode models) {
		if (!models.isArray()) {
			throw new IllegalArgumentException("Provider '" + name + "' must be an array of models");
		}
		Map<String, ModelPrice> exact = new LinkedHashMap<>();
		List<PatternPrice> patterns = new ArrayList<>();
		for (JsonNode model : models.values()) {
			String id = model.path("id").asString("?");
			try {
				ModelPrice price = price(model);
				JsonNode rules = model.path("match");
				if (!rules.isArray() || rules.isEmpty()) {
					throw new IllegalArgumentException("'match' must be a non-empty array");
				}
				for (JsonNode rule : rules.values()) {
					JsonNode equals = rule.get("equals");
					if (rule.size() == 1 && equals != null && equals.isString()) {
						// First rule wins, as it would when scanning the table in order.
						exact.putIfAbsent(equals.stringValue().toLowerCase(Locale.ROOT), price);
					}
					else {
						patterns.add(new PatternPrice(MatchRule.parse(rule), price));
					}
				}
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						"Invalid model '" + id + "' of provider '" + name + "' in price table: " + ex.getMessage(), ex);
			}
		}
		return new ProviderPrices(ProviderNames.normalizeTableId(name), Map.copyOf(exact), List.copyOf(patterns));
	}

	private static LocalDate date(String text) {
		try {
			return LocalDate.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Price table 'date' must be an ISO date but was '" + text + "'", ex);
		}
	}

	private static String requiredText(JsonNode node, String name) {
		JsonNode value = node.get(name);
		if (value == null || !value.isString()) {
			throw new IllegalArgumentException("Price table must have a string '" + name + "'");
		}
		return value.stringValue();
	}

	private static ModelPrice price(JsonNode model) {
		Rate input = rate(model, "input");
		if (input == null) {
			throw new IllegalArgumentException("'input' price is missing");
		}
		Rate output = rate(model, "output");
		Rate cachedInput = rate(model, "cached_input");
		Rate cacheWrite = rate(model, "cache_write");
		TreeSet<Long> starts = new TreeSet<>(input.tiers().keySet());
		for (Rate rate : Arrays.asList(output, cachedInput, cacheWrite)) {
			if (rate != null) {
				starts.addAll(rate.tiers().keySet());
			}
		}
		List<ModelPrice.Tier> tiers = new ArrayList<>();
		for (long start : starts) {
			// Each kind of token may change price at its own sizes; a tier holds every
			// price in force from its size on.
			tiers.add(new ModelPrice.Tier(start, new ModelPrice(input.at(start), Rate.at(output, start),
					Rate.at(cachedInput, start), Rate.at(cacheWrite, start), List.of())));
		}
		return new ModelPrice(input.base(), Rate.at(output, 0), Rate.at(cachedInput, 0), Rate.at(cacheWrite, 0),
				tiers);
	}

	/**
	 * Read a price, either a number or <code>{"base": 1.25, "tiers": [{"start": 200000,
	 * "price": 2.5}]}</code>.
	 */
	private static @Nullable Rate rate(JsonNode node, String name) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			return new Rate(value.doubleValue(), new TreeMap<>());
		}
		if (!value.isObject() || !value.path("base").isNumber() || !value.path("tiers").isArray()) {
			throw new IllegalArgumentException("'" + name
					+ "' price must be a number or an object with a number 'base' and an array 'tiers' but was "
					+ value);
		}
		TreeMap<Long, Double> tiers = new TreeMap<>();
		for (JsonNode tier : value.path("tiers").values()) {
			JsonNode start = tier.path("start");
			JsonNode price = tier.path("price");
			if (!start.canConvertToLong() || start.longValue() <= 0 || !price.isNumber()) {
				throw new IllegalArgumentException("A tier of the '" + name
						+ "' price needs a positive integer 'start' and a number 'price' but was " + tier);
			}
			if (tiers.put(start.longValue(), price.doubleValue()) != null) {
				throw new IllegalArgumentException(
						"Two tiers of the '" + name + "' price start at " + start.longValue());
			}
		}
		return new Rate(value.path("base").doubleValue(), tiers);
	}

	/**
	 * One kind of token's price: its base and the prices from the sizes its tiers start
	 * at.
	 */
	private record Rate(double base, NavigableMap<Long, Double> tiers) {

		double at(long inputTokens) {
			Map.Entry<Long, Double> tier = this.tiers.floorEntry(inputTokens);
			return (tier != null) ? tier.getValue() : this.base;
		}

		static @Nullable Double at(@Nullable Rate rate, long inputTokens) {
			return (rate != null) ? rate.at(inputTokens) : null;
		}

	}

}
