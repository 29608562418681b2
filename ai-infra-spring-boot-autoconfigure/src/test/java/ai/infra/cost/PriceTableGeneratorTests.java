package ai.infra.cost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link PriceTableGenerator}.
 */
class PriceTableGeneratorTests {

	private static final String SOURCE = """
			{
				"source": "@pydantic/genai-prices 0.1.8 (npm), MIT licence; extracted 2026-11-24",
				"units": "USD per 1,000,000 tokens",
				"providers": {
					"openai": {
						"name": "OpenAI",
						"models": [
							{"id": "gpt-4o", "match": [{"equals": "gpt-4o"}, {"regex": "^gpt-4o-\\\\d{4}$"}],
							 "input_mtok": 2.5, "output_mtok": 10, "cache_read_mtok": 1.25, "cache_write_mtok": 3,
							 "deprecated": false},
							{"id": "tiered", "match": [{"equals": "tiered"}],
							 "input_mtok": {"base": 1, "tiers": [{"start": 200000, "price": 2}]}, "output_mtok": 4},
							{"id": "text-embedding-3-small", "match": [{"equals": "text-embedding-3-small"}],
							 "input_mtok": 0.02},
							{"id": "by-time", "match": [{"equals": "by-time"}],
							 "input_mtok": {"off_peak": 1, "peak": 2}, "output_mtok": 4}
						]
					}
				}
			}
			""";

	@Test
	void shouldKeepTheCommittedPriceTableInSyncWithTheSharedSource() throws IOException {
		Optional<Path> source = PriceTableGenerator.newestSource(PriceTableGenerator.SHARED_SOURCES);
		assumeTrue(source.isPresent(), () -> "No genai-prices-*.json in "
				+ PriceTableGenerator.SHARED_SOURCES.toAbsolutePath().normalize());
		String generated = PriceTableGenerator.generate(source.get(), new ArrayList<>());
		assertThat(Files.readString(PriceTableGenerator.RESOURCE, StandardCharsets.UTF_8))
			.as("%s is out of date with %s; regenerate it with PriceTableGenerator", PriceTableGenerator.RESOURCE,
					source.get())
			.isEqualTo(generated);
	}

	@Test
	void shouldWriteOneModelPerLineWithOnlyWhatTheRuntimeNeeds(@TempDir Path directory) throws IOException {
		Path source = Files.writeString(directory.resolve("genai-prices-2026-11-24.json"), SOURCE);
		List<String> skipped = new ArrayList<>();
		String table = PriceTableGenerator.generate(source, skipped);
		assertThat(table).isEqualTo("""
				{
				\t"source": "@pydantic/genai-prices 0.1.8 (npm), MIT licence; extracted 2026-11-24",
				\t"date": "2026-11-24",
				\t"units": "USD per 1,000,000 tokens",
				\t"providers": {
				\t\t"openai": [
				\t\t\t{"id":"gpt-4o","input":2.5,"output":10,"cached_input":1.25,"cache_write":3,"match":[{"equals":"gpt-4o"},{"regex":"^gpt-4o-\\\\d{4}$"}]},
				\t\t\t{"id":"tiered","input":{"base":1,"tiers":[{"start":200000,"price":2}]},"output":4,"match":[{"equals":"tiered"}]},
				\t\t\t{"id":"text-embedding-3-small","input":0.02,"match":[{"equals":"text-embedding-3-small"}]}
				\t\t]
				\t}
				}
				""");
		assertThat(skipped).singleElement().asString().startsWith("openai/by-time");
	}

	@Test
	void shouldProduceATableTheRuntimeReads(@TempDir Path directory) throws IOException {
		Path source = Files.writeString(directory.resolve("genai-prices-2026-11-24.json"), SOURCE);
		Path target = directory.resolve("model-prices.json");
		PriceTableGenerator.main(new String[] { source.toString(), target.toString() });
		PriceTable prices = PriceTable.load(target);
		assertThat(prices.date()).isEqualTo(LocalDate.of(2026, 11, 24));
		assertThat(prices.find("openai", "gpt-4o-2024")).contains(ModelPrice.of(2.5, 10, 1.25).withCacheWritePrice(3));
		assertThat(prices.find("openai", "tiered")).contains(ModelPrice.of(1, 4).withTier(200_000, ModelPrice.of(2, 4)));
		assertThat(prices.find("openai", "by-time")).isEmpty();
	}

	@Test
	void shouldRejectUnknownMatchRules(@TempDir Path directory) throws IOException {
		Path source = Files.writeString(directory.resolve("genai-prices-2026-11-24.json"),
				SOURCE.replace("\"regex\"", "\"glob\""));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PriceTableGenerator.generate(source, new ArrayList<>()))
			.withMessageContaining("glob");
	}

	@Test
	void shouldPickTheNewestSource(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("genai-prices-2026-01-31.json"), SOURCE);
		Files.writeString(directory.resolve("genai-prices-2026-11-24.json"), SOURCE);
		Files.writeString(directory.resolve("notes.json"), "{}");
		assertThat(PriceTableGenerator.newestSource(directory))
			.hasValue(directory.resolve("genai-prices-2026-11-24.json"));
		assertThat(PriceTableGenerator.newestSource(directory.resolve("missing"))).isEmpty();
	}

}
