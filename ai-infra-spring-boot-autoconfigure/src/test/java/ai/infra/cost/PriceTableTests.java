package ai.infra.cost;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PriceTable}.
 */
class PriceTableTests {

	private static final String USER_TABLE = """
			{
				"source": "Our negotiated prices",
				"date": "2026-01-15",
				"units": "USD per 1,000,000 tokens",
				"providers": {
					"openai": [
						{"id": "gpt-4o", "input": 2, "output": 8, "match": [{"equals": "gpt-4o"}]}
					],
					"ollama": [
						{"id": "llama", "input": 0.01, "output": 0.01, "match": [{"starts_with": "llama3"}]}
					]
				}
			}
			""";

	private final PriceTable bundled = PriceTable.bundled();

	@Test
	void shouldAttributeTheBundledPrices() {
		assertThat(this.bundled.source()).contains("genai-prices").contains("MIT");
		assertThat(this.bundled.date()).isAfter(LocalDate.of(2025, 1, 1));
	}

	@Test
	void shouldFindModelsByExactName() {
		assertThat(this.bundled.find("openai", "gpt-4o")).contains(new ModelPrice(2.5, 10.0, 1.25));
		assertThat(this.bundled.find("openai", "gpt-4o-mini")).contains(new ModelPrice(0.15, 0.6, 0.075));
	}

	@Test
	void shouldIgnoreTheCaseOfModelNames() {
		assertThat(this.bundled.find("openai", "GPT-4o-Mini")).isEqualTo(this.bundled.find("openai", "gpt-4o-mini"));
		assertThat(this.bundled.find("anthropic", "Claude-3-5-Sonnet-20241022"))
			.contains(ModelPrice.of(3, 15, 0.3).withCacheWritePrice(3.75));
	}

	@Test
	void shouldResolveDatedModelNamesToTheirFamily() {
		assertThat(this.bundled.find("openai", "gpt-4o-2024-08-06")).isEqualTo(this.bundled.find("openai", "gpt-4o"));
		assertThat(this.bundled.find("openai", "gpt-4o-mini-2024-07-18"))
			.isEqualTo(this.bundled.find("openai", "gpt-4o-mini"));
		assertThat(this.bundled.find("anthropic", "claude-3-5-sonnet-20241022"))
			.contains(ModelPrice.of(3, 15, 0.3).withCacheWritePrice(3.75));
		// Not in the table under either name: found by dropping the date.
		assertThat(this.bundled.find("openai", "gpt-4.1-mini-2099-12-31")).contains(ModelPrice.of(0.4, 1.6, 0.1));
		assertThat(this.bundled.find("openai", "gpt-4o-20991231")).isEqualTo(this.bundled.find("openai", "gpt-4o"));
	}

	@Test
	void shouldPreferAnExactDatedNameToItsFamily() {
		assertThat(this.bundled.find("openai", "gpt-4o-2024-05-13")).contains(ModelPrice.of(5, 15));
	}

	@Test
	void shouldNotTakeOtherNumericSuffixesForDates() {
		assertThat(this.bundled.find("openai", "gpt-4o-2024-13-45")).isEmpty();
	}

	@Test
	void shouldFindModelsOfAnyProviderWithoutAProvider() {
		assertThat(this.bundled.find("claude-3-5-haiku-20241022"))
			.contains(ModelPrice.of(0.8, 4, 0.08).withCacheWritePrice(1));
		assertThat(this.bundled.find("deepseek-chat")).contains(ModelPrice.of(0.27, 1.1, 0.07));
		// An exact name of a later provider wins over a rule of an earlier one.
		assertThat(this.bundled.find("deepseek-r1-distill-llama-70b")).contains(ModelPrice.of(0.75, 0.99));
	}

	@Test
	void shouldSearchAllProvidersForAnUnknownProvider() {
		assertThat(this.bundled.find("spring_ai", "mistral-large-latest")).contains(ModelPrice.of(2, 6));
	}

	@Test
	void shouldMapSpringAiProviderNamesToTableProviders() {
		assertThat(this.bundled.find("google_genai", "gemini-2.5-flash")).contains(ModelPrice.of(0.3, 2.5, 0.03));
		assertThat(this.bundled.find("vertex_ai", "gemini-2.5-flash")).contains(ModelPrice.of(0.3, 2.5, 0.03));
		assertThat(this.bundled.find("mistral_ai", "mistral-small-latest")).contains(ModelPrice.of(0.1, 0.3));
		// Bedrock's regional endpoints cost more than Anthropic's API.
		assertThat(this.bundled.find("bedrock_converse", "eu.anthropic.claude-sonnet-4-6"))
			.contains(ModelPrice.of(3.3, 16.5, 0.33).withCacheWritePrice(4.125));
		assertThat(this.bundled.find("anthropic", "claude-sonnet-4-6"))
			.contains(ModelPrice.of(3, 15, 0.3).withCacheWritePrice(3.75));
	}

	@Test
	void shouldPreferTheReportedProvidersPrice() {
		assertThat(this.bundled.find("openai", "o4-mini")).contains(ModelPrice.of(1.1, 4.4, 0.275));
		assertThat(this.bundled.find("azure_openai", "o4-mini")).contains(ModelPrice.of(1.1, 4.4, 0.28));
		assertThat(this.bundled.find("azure-openai", "o4-mini")).contains(ModelPrice.of(1.1, 4.4, 0.28));
	}

	@Test
	void shouldFallBackToOtherProvidersForModelsTheProviderDoesNotList() {
		// Azure lists no gpt-4o, and OpenAI-compatible servers are reported as openai.
		assertThat(this.bundled.find("azure_openai", "gpt-4o")).contains(ModelPrice.of(2.5, 10, 1.25));
		assertThat(this.bundled.find("openai", "llama-3.3-70b-versatile")).contains(ModelPrice.of(0.59, 0.79));
	}

	@Test
	void shouldNotPriceLocalModelsFromHostedOnes() {
		assertThat(this.bundled.find("deepseek-r1:7b")).isPresent();
		assertThat(this.bundled.find("ollama", "deepseek-r1:7b")).isEmpty();
	}

	@Test
	void shouldFindNothingForUnknownModels() {
		assertThat(this.bundled.find("openai", "no-such-model")).isEmpty();
		assertThat(this.bundled.find("no-such-model")).isEmpty();
		assertThat(this.bundled.find("openai", null)).isEmpty();
		assertThat(this.bundled.find("openai", "")).isEmpty();
	}

	@Test
	void shouldKeepInputOnlyPricesOfEmbeddingModels() {
		assertThat(this.bundled.find("openai", "text-embedding-3-small")).contains(new ModelPrice(0.02, null, null));
	}

	@Test
	void shouldLetOverridesReplaceTableprices() {
		PriceTable prices = this.bundled.withOverrides(Map.of("GPT-4o", ModelPrice.of(2, 8, 1)));
		assertThat(prices.find("openai", "gpt-4o")).contains(ModelPrice.of(2, 8, 1));
		assertThat(prices.find("gpt-4o")).contains(ModelPrice.of(2, 8, 1));
		assertThat(prices.find("openai", "gpt-4o-2024-08-06")).contains(ModelPrice.of(2, 8, 1));
		assertThat(prices.find("openai", "gpt-4o-mini")).contains(ModelPrice.of(0.15, 0.6, 0.075));
		assertThat(this.bundled.find("openai", "gpt-4o")).contains(ModelPrice.of(2.5, 10, 1.25));
	}

	@Test
	void shouldLetOverridesAddModels() {
		PriceTable prices = this.bundled.withOverrides(Map.of("in-house-model", ModelPrice.of(1, 3)))
			.withOverrides(Map.of("other-model", ModelPrice.of(2, 4)));
		assertThat(prices.find("openai", "in-house-model")).contains(ModelPrice.of(1, 3));
		assertThat(prices.find("in-house-model")).contains(ModelPrice.of(1, 3));
		assertThat(prices.find("other-model")).contains(ModelPrice.of(2, 4));
		assertThat(prices.source()).isEqualTo(this.bundled.source());
	}

	@Test
	void shouldLoadAUserPriceFile(@TempDir Path directory) throws IOException {
		Path file = Files.writeString(directory.resolve("prices.json"), USER_TABLE);
		PriceTable prices = PriceTable.load(file);
		assertThat(prices.source()).isEqualTo("Our negotiated prices");
		assertThat(prices.date()).isEqualTo(LocalDate.of(2026, 1, 15));
		assertThat(prices.find("openai", "gpt-4o")).contains(ModelPrice.of(2, 8));
		assertThat(prices.find("openai", "gpt-4o-2024-08-06")).contains(ModelPrice.of(2, 8));
		assertThat(prices.find("ollama", "llama3.2")).contains(ModelPrice.of(0.01, 0.01));
		assertThat(prices.find("openai", "gpt-4o-mini")).isEmpty();
	}

	@Test
	void shouldRejectPricesInOtherUnits() {
		String table = USER_TABLE.replace("USD per 1,000,000 tokens", "USD per 1,000 tokens");
		assertThatIllegalArgumentException().isThrownBy(() -> load(table)).withMessageContaining("units");
	}

	@Test
	void shouldRejectUnknownMatchRules() {
		String table = USER_TABLE.replace("\"starts_with\": \"llama3\"", "\"glob\": \"llama3*\"");
		assertThatIllegalArgumentException().isThrownBy(() -> load(table))
			.withMessageContaining("'llama'")
			.withMessageContaining("glob");
	}

	@Test
	void shouldRejectNonNumericPrices() {
		String table = USER_TABLE.replace("\"input\": 2,", "\"input\": {\"base\": 2},");
		assertThatIllegalArgumentException().isThrownBy(() -> load(table)).withMessageContaining("'gpt-4o'");
	}

	@Test
	void shouldBoundTheLookupCache() {
		PriceTable prices = this.bundled.withOverrides(Map.of());
		for (int i = 0; i < 3 * PriceTable.CACHE_LIMIT; i++) {
			assertThat(prices.find("openai", "unknown-model-" + i)).isEmpty();
		}
		assertThat(prices.cachedLookups()).isLessThanOrEqualTo(PriceTable.CACHE_LIMIT);
		assertThat(prices.find("openai", "gpt-4o")).contains(ModelPrice.of(2.5, 10, 1.25));
	}

	private static PriceTable load(String table) {
		return PriceTable.load(new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void shouldNeverLetATablePriceWinOverAnOverride() {
		PriceTable prices = this.bundled.withOverrides(
				Map.of("gpt-4o", ModelPrice.of(2, 8), "claude-sonnet-4-5", ModelPrice.of(1, 2, 0.1)));
		// The table names gpt-4o-2024-08-06 exactly; the override of its family still wins.
		assertThat(prices.find("openai", "gpt-4o-2024-08-06")).contains(ModelPrice.of(2, 8));
		assertThat(prices.find("azure_openai", "gpt-4o")).contains(ModelPrice.of(2, 8));
		assertThat(prices.find("anthropic", "claude-sonnet-4-5-20250929")).contains(ModelPrice.of(1, 2, 0.1));
		assertThat(prices.find(null, "claude-sonnet-4-5")).contains(ModelPrice.of(1, 2, 0.1));
	}

	@Test
	void shouldFindOverridesOnlyAsForSelfHostedModels() {
		PriceTable prices = this.bundled.withOverrides(Map.of("llama3.1:70b", ModelPrice.of(0.5, 1.5)));
		assertThat(prices.findOverride("llama3.1:70b")).contains(ModelPrice.of(0.5, 1.5));
		assertThat(prices.findOverride("gpt-4o")).isEmpty();
		assertThat(prices.find("ollama", "gemma-2-27b-it")).isEmpty();
	}

	@Test
	void shouldAcceptOpenTelemetryProviderNames() {
		assertThat(this.bundled.find("gcp.gemini", "gemini-2.5-flash")).contains(ModelPrice.of(0.3, 2.5, 0.03));
		assertThat(this.bundled.find("mistral_ai", "mistral-small-latest")).contains(ModelPrice.of(0.1, 0.3));
		assertThat(this.bundled.find("aws.bedrock", "eu.anthropic.claude-sonnet-4-6"))
			.contains(ModelPrice.of(3.3, 16.5, 0.33).withCacheWritePrice(4.125));
	}

	@Test
	void shouldReadCacheWritePricesAndLongContextTiers() {
		PriceTable table = PriceTable.load(new ByteArrayInputStream("""
				{"source": "test", "date": "2026-11-24", "units": "USD per 1,000,000 tokens", "providers": {
					"google": [{"id": "long", "match": [{"equals": "long"}],
						"input": {"base": 1.25, "tiers": [{"start": 200000, "price": 2.5}]},
						"output": {"base": 10, "tiers": [{"start": 200000, "price": 15}]},
						"cached_input": 0.125, "cache_write": {"base": 2, "tiers": [{"start": 500000, "price": 3}]}}]
				}}""".getBytes(StandardCharsets.UTF_8)));
		ModelPrice price = table.find("gcp.gemini", "long").orElseThrow();
		assertThat(price).isEqualTo(new ModelPrice(1.25, 10.0, 0.125, 2.0, List.of()).withTier(200_000,
				new ModelPrice(2.5, 15.0, 0.125, 2.0, List.of()))
			.withTier(500_000, new ModelPrice(2.5, 15.0, 0.125, 3.0, List.of())));
		assertThat(price.forInputTokens(199_999).inputPerMillion()).isEqualTo(1.25);
		assertThat(price.forInputTokens(200_000).outputPerMillion()).isEqualTo(15);
		assertThat(price.forInputTokens(600_000).effectiveCacheWriteInputPerMillion()).isEqualTo(3);
	}

	@Test
	void shouldRejectMalformedTiers() {
		assertThatIllegalArgumentException().isThrownBy(() -> PriceTable.load(new ByteArrayInputStream("""
				{"source": "test", "date": "2026-11-24", "units": "USD per 1,000,000 tokens", "providers": {
					"google": [{"id": "long", "match": [{"equals": "long"}],
						"input": {"base": 1.25, "tiers": [{"start": -1, "price": 2.5}]}, "output": 10}]
				}}""".getBytes(StandardCharsets.UTF_8)))).withMessageContaining("positive integer 'start'");
	}

}
