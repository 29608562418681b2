package ai.infra.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.infra.internal.provider.ProviderNames;
import org.jspecify.annotations.Nullable;

/**
 * Prices of AI models by provider and model name, loaded from the bundled
 * {@code ai/infra/cost/model-prices.json} or from a file of the same format. Lookups ignore
 * case and fall back from a dated name such as {@code gpt-4o-2024-08-06} to
 * {@code gpt-4o} when the dated name itself is not listed.
 */
public final class PriceTable {

	private static final String BUNDLED_RESOURCE = "model-prices.json";

	// Model names come from responses and user configuration, so their number is
	// unbounded; a full cache is emptied rather than grown.
	static final int CACHE_LIMIT = 4096;

	private static final Pattern DATE_SUFFIX = Pattern.compile(
			"-20\\d{2}(-?)(?:0[1-9]|1[0-2])\\1(?:0[1-9]|[12]\\d|3[01])$");

	private final String source;

	private final LocalDate date;

	private final List<ProviderPrices> providers;

	private final Map<String, ProviderPrices> providersById;

	private final Map<String, ModelPrice> exact;

	private final Map<String, ModelPrice> overrides;

	private final Map<Lookup, Optional<ModelPrice>> resolved = new ConcurrentHashMap<>();

	PriceTable(String source, LocalDate date, List<ProviderPrices> providers, Map<String, ModelPrice> overrides) {
		this.source = source;
		this.date = date;
		this.providers = providers;
		Map<String, ProviderPrices> byId = new HashMap<>();
		Map<String, ModelPrice> exactAnywhere = new HashMap<>();
		for (ProviderPrices provider : providers) {
			byId.put(provider.id(), provider);
			// Providers come in table order, so the first provider naming a model wins.
			provider.exact().forEach(exactAnywhere::putIfAbsent);
		}
		this.providersById = Map.copyOf(byId);
		this.exact = Map.copyOf(exactAnywhere);
		this.overrides = Map.copyOf(overrides);
	}

	/**
	 * Return the price table bundled with ai-infra.
	 * @return the bundled price table
	 */
	public static PriceTable bundled() {
		return Bundled.TABLE;
	}

	/**
	 * Load a price table in the format of the bundled one.
	 * @param input the JSON document, not closed by this method
	 * @return the price table
	 * @throws IllegalArgumentException if the document is not a valid price table
	 */
	public static PriceTable load(InputStream input) {
		return PriceTableReader.read(input);
	}

	/**
	 * Load a price table file in the format of the bundled one.
	 * @param file the JSON file
	 * @return the price table
	 * @throws IOException if the file cannot be read
	 * @throws IllegalArgumentException if the file is not a valid price table
	 */
	public static PriceTable load(Path file) throws IOException {
		try (InputStream input = Files.newInputStream(file)) {
			return load(input);
		}
	}

	/**
	 * Return where the prices come from, including the licence of the data.
	 * @return the attribution of the prices
	 */
	public String source() {
		return this.source;
	}

	/**
	 * Return the date the prices were extracted from their source.
	 * @return the date of the prices
	 */
	public LocalDate date() {
		return this.date;
	}

	/**
	 * Find the price of a model of any provider.
	 * @param model the model name
	 * @return the price, or empty if the model is unknown
	 */
	public Optional<ModelPrice> find(@Nullable String model) {
		return find(null, model);
	}

	/**
	 * Find the price of a model in the overrides, then in the provider's own models (exact
	 * names before other rules), then in all providers, since Spring AI reports every
	 * OpenAI-compatible server as {@code openai}. Local providers such as {@code ollama}
	 * are priced by overrides only.
	 * @param provider the provider as Spring AI reports it, such as {@code openai} or
	 * {@code google_genai}, or its OpenTelemetry name, such as {@code gcp.gemini};
	 * {@code null} or an unknown name searches all providers
	 * @param model the model name
	 * @return the price, or empty if the model is unknown
	 */
	public Optional<ModelPrice> find(@Nullable String provider, @Nullable String model) {
		if (model == null) {
			return Optional.empty();
		}
		Lookup lookup = new Lookup((provider != null) ? provider : "", model);
		Optional<ModelPrice> price = this.resolved.get(lookup);
		if (price == null) {
			price = Optional.ofNullable(resolve(lookup.provider(), model));
			if (this.resolved.size() >= CACHE_LIMIT) {
				this.resolved.clear();
			}
			this.resolved.put(lookup, price);
		}
		return price;
	}

	/**
	 * Find the price of a model among the prices added by {@link #withOverrides}, as for
	 * models served on the user's own hardware, which only such prices apply to.
	 * @param model the model name; a dated name also matches an override of its undated
	 * name
	 * @return the price, or empty if no override names the model
	 */
	public Optional<ModelPrice> findOverride(@Nullable String model) {
		return find(ProviderNames.OLLAMA, model);
	}

	/**
	 * Return a copy of this table with user prices that take precedence over the table's
	 * for any provider. An override also applies to dated versions of its model name.
	 * @param overrides prices by model name, matched case-insensitively
	 * @return the table with the overrides added to any this table already has
	 */
	public PriceTable withOverrides(Map<String, ModelPrice> overrides) {
		Map<String, ModelPrice> merged = new LinkedHashMap<>(this.overrides);
		overrides.forEach((model, price) -> {
			if (model == null || model.isBlank() || price == null) {
				throw new IllegalArgumentException("Price override needs a model name and a price");
			}
			merged.put(model.trim().toLowerCase(Locale.ROOT), price);
		});
		return new PriceTable(this.source, this.date, this.providers, merged);
	}

	int cachedLookups() {
		return this.resolved.size();
	}

	private @Nullable ModelPrice resolve(String provider, String model) {
		String name = model.trim().toLowerCase(Locale.ROOT);
		if (name.isEmpty()) {
			return null;
		}
		String undated = withoutDate(name);
		ModelPrice price = firstMatch(name, undated, this.overrides::get, (candidate) -> null);
		if (price != null) {
			return price;
		}
		ProviderPrices own = this.providersById.get(ProviderNames.priceTableId(provider));
		if (own != null) {
			price = firstMatch(name, undated, own::findExact, own::findByPattern);
		}
		if (price != null || ProviderNames.isSelfHosted(provider)) {
			return price;
		}
		return firstMatch(name, undated, this.exact::get, this::findByPatternInAnyProvider);
	}

	private static @Nullable ModelPrice firstMatch(String name, @Nullable String undated,
			Function<String, @Nullable ModelPrice> exact, Function<String, @Nullable ModelPrice> pattern) {
		ModelPrice price = exact.apply(name);
		if (price == null) {
			price = pattern.apply(name);
		}
		if (price == null && undated != null) {
			price = exact.apply(undated);
			if (price == null) {
				price = pattern.apply(undated);
			}
		}
		return price;
	}

	private @Nullable ModelPrice findByPatternInAnyProvider(String name) {
		for (ProviderPrices provider : this.providers) {
			ModelPrice price = provider.findByPattern(name);
			if (price != null) {
				return price;
			}
		}
		return null;
	}

	private static @Nullable String withoutDate(String name) {
		Matcher matcher = DATE_SUFFIX.matcher(name);
		return matcher.find() ? name.substring(0, matcher.start()) : null;
	}

	private record Lookup(String provider, String model) {

	}

	private static final class Bundled {

		static final PriceTable TABLE = loadBundled();

		private static PriceTable loadBundled() {
			try (InputStream input = PriceTable.class.getResourceAsStream(BUNDLED_RESOURCE)) {
				if (input == null) {
					throw new IllegalStateException("Bundled price table " + BUNDLED_RESOURCE + " is missing");
				}
				return load(input);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
