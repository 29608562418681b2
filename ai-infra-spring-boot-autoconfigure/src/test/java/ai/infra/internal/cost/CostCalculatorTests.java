package ai.infra.internal.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ai.infra.cost.ModelPrice;
import ai.infra.cost.PriceTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link CostCalculator}. Expected costs were worked out by hand from the
 * prices of the bundled table, so they change when the table is regenerated with new
 * prices.
 */
@ExtendWith(OutputCaptureExtension.class)
class CostCalculatorTests {

	private final CostCalculator calculator = new CostCalculator(PriceTable.bundled());

	@ParameterizedTest(name = "{0} {1}: {2} in ({4} cached), {3} out = ${5}")
	@CsvSource(nullValues = "null", textBlock = """
			openai,           gpt-4o,                             1000,    500,     0,     0.0075
			openai,           gpt-4o-2024-08-06,                  10000,   2000,    4000,  0.04
			openai,           gpt-4o-2024-05-13,                  1000,    500,     0,     0.0125
			openai,           gpt-4o-mini,                        1000000, 1000000, 0,     0.75
			openai,           gpt-4o-mini-2024-07-18,             20000,   1000,    10000, 0.00285
			openai,           gpt-4.1,                            3000,    700,     1000,  0.0101
			openai,           gpt-4.1-mini-2026-03-01,            1000,    1000,    0,     0.002
			openai,           o3-mini,                            5000,    12000,   0,     0.0583
			openai,           o4-mini,                            10000,   1000,    5000,  0.011275
			openai,           text-embedding-3-small,             5000,    0,       0,     0.0001
			anthropic,        claude-3-5-sonnet-20241022,         2000,    400,     0,     0.012
			anthropic,        claude-sonnet-4-5-20250929,         50000,   1000,    40000, 0.057
			anthropic,        claude-3-5-haiku-20241022,          1200,    300,     0,     0.00216
			anthropic,        claude-opus-4-1-20250805,           1000,    200,     0,     0.03
			google_genai,     gemini-2.5-flash,                   8000,    2000,    0,     0.0074
			vertex_ai,        gemini-2.0-flash-001,               100000,  5000,    60000, 0.0075
			mistral_ai,       mistral-large-latest,               1500,    500,     0,     0.006
			mistral_ai,       open-mistral-nemo,                  2000,    2000,    0,     0.0006
			deepseek,         deepseek-chat,                      10000,   2000,    6000,  0.0037
			deepseek,         deepseek-reasoner,                  1000,    3000,    0,     0.00712
			openai,           llama-3.3-70b-versatile,            10000,   1000,    0,     0.00669
			openai,           grok-3-mini,                        4000,    1000,    2000,  0.00125
			bedrock_converse, us.meta.llama3-3-70b-instruct-v1:0, 1000,    1000,    0,     0.00144
			bedrock_converse, us.anthropic.claude-sonnet-4-6,     1000,    1000,    0,     0.0198
			azure_openai,     o4-mini,                            10000,   1000,    5000,  0.0113
			azure_openai,     gpt-4o,                             1000,    500,     0,     0.0075
			null,             GPT-4O-MINI,                        1000,    1000,    0,     0.00075
			""")
	void shouldPriceModelCallsFromTheBundledTable(String provider, String model, long inputTokens, long outputTokens,
			long cachedInputTokens, double expectedDollars) {
		OptionalDouble cost = this.calculator.cost(provider, model, inputTokens, outputTokens, cachedInputTokens);
		assertThat(cost).isPresent();
		assertThat(cost.getAsDouble()).isCloseTo(expectedDollars, within(1e-12));
	}

	@Test
	void shouldChargeCachedInputAtTheInputPriceWhenTheModelHasNoCachedPrice() {
		// gpt-4o-2024-05-13 has an input price of $5 and no cached-input price.
		assertThat(this.calculator.cost("openai", "gpt-4o-2024-05-13", 1000, 0, 1000).getAsDouble()).isCloseTo(0.005,
				within(1e-12));
	}

	@Test
	void shouldRoundCostsToWholePicodollars() {
		// gpt-4o-mini: 1 x $0.15 + 3 x $0.60 per million tokens; unrounded, the double
		// arithmetic gives 1.9499999999999995E-6.
		assertThat(this.calculator.cost("openai", "gpt-4o-mini", 1, 3, 0)).hasValue(0.00000195);
		assertThat(Dollars.round(1.9499999999999995E-6)).isEqualTo(0.00000195);
		assertThat(Dollars.toPicos(0.00000195)).isEqualTo(1_950_000L);
	}

	@Test
	void shouldCostNothingForNoTokens() {
		assertThat(this.calculator.cost("openai", "gpt-4o", 0, 0, 0)).hasValue(0.0);
	}

	@Test
	void shouldTreatNegativeTokenCountsAsZero() {
		assertThat(this.calculator.cost("openai", "gpt-4o", -5, 100, -3).getAsDouble()).isCloseTo(0.001,
				within(1e-12));
	}

	@Test
	void shouldNotCountMoreCachedTokensThanInputTokens() {
		assertThat(this.calculator.cost("openai", "gpt-4o", 1000, 0, 5000).getAsDouble()).isCloseTo(0.00125,
				within(1e-12));
	}

	@Test
	void shouldHaveNoCostForAModelWithoutAName(CapturedOutput output) {
		assertThat(this.calculator.cost("openai", null, 10, 10, 0)).isEmpty();
		assertThat(this.calculator.cost("openai", " ", 10, 10, 0)).isEmpty();
		assertThat(output.getAll()).doesNotContain("AI model");
	}

	@Test
	void shouldWarnOnceAboutAnUnknownModelCalledFromManyThreads(CapturedOutput output) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<OptionalDouble>> costs = new ArrayList<>();
		try {
			for (int i = 0; i < 1000; i++) {
				costs.add(executor.submit(() -> {
					start.await();
					return this.calculator.cost("openai", "no-such-model-42", 1000, 1000, 0);
				}));
			}
			start.countDown();
			for (Future<OptionalDouble> cost : costs) {
				assertThat(cost.get(10, TimeUnit.SECONDS)).isEmpty();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(output.getAll()).containsOnlyOnce("no-such-model-42")
			.contains("AI model 'no-such-model-42' of provider 'openai' has no price");
	}

	@Test
	void shouldStopWarningAfterTooManyUnknownModels(CapturedOutput output) {
		CostCalculator calculator = new CostCalculator(PriceTable.bundled(), 3);
		for (int i = 1; i <= 5; i++) {
			assertThat(calculator.cost("openai", "unpriced-" + i, 10, 10, 0)).isEmpty();
			assertThat(calculator.cost("openai", "unpriced-" + i, 10, 10, 0)).isEmpty();
		}
		assertThat(output.getAll()).contains("'unpriced-1'", "'unpriced-2'", "'unpriced-3'")
			.doesNotContain("'unpriced-4'", "'unpriced-5'")
			.containsOnlyOnce("More than 3 AI models have no price");
	}

	@Test
	void shouldHaveNoCostForOutputOfAModelWithoutAnOutputPrice(CapturedOutput output) {
		// Azure's davinci-002 has an input price only.
		assertThat(this.calculator.cost("azure_openai", "davinci-002", 1000, 0, 0).getAsDouble()).isCloseTo(0.002,
				within(1e-12));
		assertThat(this.calculator.cost("azure_openai", "davinci-002", 1000, 10, 0)).isEmpty();
		assertThat(this.calculator.cost("azure_openai", "davinci-002", 1000, 10, 0)).isEmpty();
		assertThat(output.getAll()).containsOnlyOnce("davinci-002").contains("has no output price");
	}

	@Test
	void shouldHaveNoCostForLocalModelsUnlessOverridden() {
		assertThat(this.calculator.cost("ollama", "deepseek-r1:7b", 1000, 1000, 0)).hasValue(0.0);
		CostCalculator withOverride = new CostCalculator(
				PriceTable.bundled().withOverrides(Map.of("deepseek-r1:7b", ModelPrice.of(0.01, 0.02))));
		assertThat(withOverride.cost("ollama", "deepseek-r1:7b", 1000, 1000, 0).getAsDouble()).isCloseTo(0.00003,
				within(1e-12));
	}

	@Test
	void shouldUseOverridesBeforeTheTable() {
		PriceTable prices = PriceTable.bundled()
			.withOverrides(Map.of("gpt-4o", ModelPrice.of(2.0, 8.0, 1.0), "in-house-model", ModelPrice.of(1.0, 3.0)));
		CostCalculator overridden = new CostCalculator(prices);
		assertThat(overridden.cost("openai", "gpt-4o", 1000, 500, 200).getAsDouble()).isCloseTo(0.0058,
				within(1e-12));
		assertThat(overridden.cost(null, "in-house-model", 2000, 1000, 0).getAsDouble()).isCloseTo(0.005,
				within(1e-12));
	}

	@Test
	void shouldPriceCacheWritesAtTheCacheWritePriceAndCacheReadsAtTheCachedInputPrice() {
		// claude-sonnet-4-5 3 / 15 / 0.3 / 3.75: 1,000 fresh x 3 + 3,000 read x 0.3 + 500
		// written x 3.75 + 200 out x 15 = 3,000 + 900 + 1,875 + 3,000 = 8,775 per million.
		assertThat(this.calculator.cost("anthropic", "claude-sonnet-4-5",
				new TokenUsage(4500, 200, 3000, 500, 0))).hasValue(0.008775);
	}

	@Test
	void shouldPriceCacheWritesAtTheInputPriceWhenTheModelHasNoCacheWritePrice() {
		// gpt-4o 2.5 / 10 / 1.25, no cache-write price: 1,500 x 2.5 + 500 x 1.25 = 4,375.
		assertThat(this.calculator.cost("openai", "gpt-4o", new TokenUsage(2000, 0, 500, 1000, 0)))
			.hasValue(0.004375);
	}

	@Test
	void shouldPriceUserCacheWritePricesAndACallEntirelyAtTheLongContextTierItsInputReaches() {
		ModelPrice claude = ModelPrice.of(3, 15, 0.3).withCacheWritePrice(3.75);
		ModelPrice longContext = ModelPrice.of(1.25, 10, 0.125).withTier(200_000, ModelPrice.of(2.5, 15, 0.25));
		CostCalculator calculator = new CostCalculator(
				PriceTable.bundled().withOverrides(Map.of("my-claude", claude, "long-context-model", longContext)));
		// The same sum as the table's claude-sonnet-4-5: $0.008775.
		assertThat(calculator.cost("anthropic", "my-claude", new TokenUsage(4500, 200, 3000, 500, 0)))
			.hasValue(0.008775);
		// Below the tier: 199,999 x 1.25 + 1,000 x 10 = 249,998.75 + 10,000 = 259,998.75.
		assertThat(calculator.cost("gcp.gemini", "long-context-model", new TokenUsage(199_999, 1000, 0, 0, 0)))
			.hasValue(0.25999875);
		// At the tier every token costs its tier price: 100,000 x 2.5 + 100,000 x 0.25 +
		// 1,000 x 15 = 250,000 + 25,000 + 15,000 = 290,000.
		assertThat(calculator.cost("gcp.gemini", "long-context-model", new TokenUsage(200_000, 1000, 100_000, 0, 0)))
			.hasValue(0.29);
	}

	@Test
	void shouldCostNothingWithoutAWarningForAFreeProviderUnlessTheModelIsOverridden(CapturedOutput output) {
		CostCalculator calculator = new CostCalculator(
				PriceTable.bundled().withOverrides(Map.of("priced-in-house", ModelPrice.of(1, 2))), List.of("vllm"));
		assertThat(calculator.cost("vllm", "in-house-llm", new TokenUsage(1000, 1000, 0, 0, 0))).hasValue(0.0);
		assertThat(calculator.cost("VLLM", "in-house-llm", new TokenUsage(1000, 1000, 0, 0, 0))).hasValue(0.0);
		// A hosted model's price is not charged for the same model served by the team.
		assertThat(calculator.cost("vllm", "gpt-4o", new TokenUsage(1000, 1000, 0, 0, 0))).hasValue(0.0);
		// 1,000 x 1 + 1,000 x 2 = 3,000 per million.
		assertThat(calculator.cost("vllm", "priced-in-house", new TokenUsage(1000, 1000, 0, 0, 0)))
			.hasValue(0.003);
		assertThat(calculator.cost("ollama", "llama3.2", new TokenUsage(1000, 1000, 0, 0, 0))).hasValue(0.0);
		assertThat(output).doesNotContain("has no price");
	}

	@Test
	void shouldNotTreatOtherProvidersAsFree(CapturedOutput output) {
		CostCalculator calculator = new CostCalculator(PriceTable.bundled(), List.of("vllm"));
		assertThat(calculator.cost("openai", "in-house-llm", new TokenUsage(1000, 1000, 0, 0, 0))).isEmpty();
		assertThat(output).contains("AI model 'in-house-llm' of provider 'openai' has no price");
	}

}
