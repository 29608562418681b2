package ai.infra.internal.llm;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import ai.infra.cost.ModelPrice;
import ai.infra.cost.PriceTable;
import ai.infra.internal.cost.CostCalculator;
import ai.infra.internal.cost.TokenUsage;
import ai.infra.internal.provider.ProviderNames;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each provider's billing formula, case by case, through the path an {@code llm.generate}
 * span takes: the provider's wire usage as its Spring AI 2.0.1 model reports it, the
 * normalized tokens, then the cost from the bundled prices of 2026-11-24 (USD per
 * million tokens, written as input / output / cache read / cache write). Every expected
 * cost is worked out by hand in the comment of its case.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderBillingTests {

	// The one price the cases add: a model run on Ollama that the team prices itself.
	private static final CostCalculator calculator = new CostCalculator(
			PriceTable.bundled().withOverrides(Map.of("llama3.1:70b", ModelPrice.of(0.5, 1.5))));

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void shouldRecordTheTokensAndCostTheProviderBills(String description, String springAiProvider, String model,
			Usage usage, TokenUsage expectedTokens, @Nullable Double expectedCost, CapturedOutput output) {
		String provider = ProviderNames.openTelemetryName(springAiProvider);
		TokenUsage tokens = UsageNormalizer.normalize(provider, usage);
		OptionalDouble cost = calculator.cost(provider, model, tokens);
		assertThat(tokens).isEqualTo(expectedTokens);
		assertThat(tokens.totalTokens()).isEqualTo(tokens.inputTokens() + tokens.outputTokens());
		if (expectedCost != null) {
			assertThat(cost).hasValue(expectedCost);
			assertThat(output).doesNotContain("has no price");
		}
		else {
			assertThat(cost).isEmpty();
		}
	}

	static Stream<Arguments> cases() {
		return Stream.of(
				// claude-sonnet-4-5 3 / 15 / 0.3 / 3.75: 1,000 fresh x 3 + 3,000 read x 0.3
				// + 500 written x 3.75 + 200 out x 15 = 3,000 + 900 + 1,875 + 3,000 = 8,775
				// per million = $0.008775 (the call)
				anthropic("cache read and write", "claude-sonnet-4-5-20250929",
						ProviderUsage.anthropic("""
								{"input_tokens": 1000, "output_tokens": 200,
								 "cache_read_input_tokens": 3000, "cache_creation_input_tokens": 500}"""),
						new TokenUsage(4500, 200, 3000, 500, 0), 0.008775),
				// The same call streamed: input from message_start, the rest from
				// message_delta; same sum, $0.008775
				anthropic("cache read and write, streamed", "claude-sonnet-4-5-20250929",
						ProviderUsage.anthropicMessageDelta(1000, """
								{"output_tokens": 200, "cache_read_input_tokens": 3000,
								 "cache_creation_input_tokens": 500}"""),
						new TokenUsage(4500, 200, 3000, 500, 0), 0.008775),
				// claude-haiku-4-5 1 / 5: 2,000 x 1 + 500 x 5 = 4,500 -> $0.0045
				anthropic("no cache", "claude-haiku-4-5", ProviderUsage.anthropic("""
						{"input_tokens": 2000, "output_tokens": 500}"""), new TokenUsage(2000, 500, 0, 0, 0), 0.0045),
				// claude-haiku-4-5 1 / 5 / 0.1: 100 x 1 + 10,000 x 0.1 + 300 x 5
				// = 100 + 1,000 + 1,500 = 2,600 -> $0.0026
				anthropic("mostly cache read", "claude-haiku-4-5", ProviderUsage.anthropic("""
						{"input_tokens": 100, "output_tokens": 300, "cache_read_input_tokens": 10000,
						 "cache_creation_input_tokens": 0}"""), new TokenUsage(10100, 300, 10000, 0, 0), 0.0026),
				// claude-opus-4-1 15 / 75 / - / 18.75: 50 x 15 + 2,000 x 18.75 + 100 x 75
				// = 750 + 37,500 + 7,500 = 45,750 -> $0.04575
				anthropic("cache write at its premium", "claude-opus-4-1", ProviderUsage.anthropic("""
						{"input_tokens": 50, "output_tokens": 100, "cache_creation_input_tokens": 2000}"""),
						new TokenUsage(2050, 100, 0, 2000, 0), 0.04575),
				// claude-opus-4-5 5 / 25: thinking is inside output_tokens: 1,200 x 5 + 800
				// x 25 = 6,000 + 20,000 = 26,000 -> $0.026
				anthropic("thinking inside output", "claude-opus-4-5", ProviderUsage.anthropic("""
						{"input_tokens": 1200, "output_tokens": 800,
						 "output_tokens_details": {"thinking_tokens": 600}}"""),
						new TokenUsage(1200, 800, 0, 0, 600), 0.026),
				// claude-3-5-haiku 0.8 / 4 / 0.08 / 1: 4,000 x 0.8 + 1,000 x 0.08 + 1,000 x
				// 1 + 1,000 x 4 = 3,200 + 80 + 1,000 + 4,000 = 8,280 -> $0.00828
				anthropic("every kind of token", "claude-3-5-haiku-20241022", ProviderUsage.anthropic("""
						{"input_tokens": 4000, "output_tokens": 1000, "cache_read_input_tokens": 1000,
						 "cache_creation_input_tokens": 1000}"""), new TokenUsage(6000, 1000, 1000, 1000, 0), 0.00828),
				// claude-3-haiku 0.25 / 1.25: 10,000 x 0.25 + 2,000 x 1.25 = 2,500 + 2,500
				// = 5,000 -> $0.005
				anthropic("older model", "claude-3-haiku-20240307", ProviderUsage.anthropic("""
						{"input_tokens": 10000, "output_tokens": 2000}"""), new TokenUsage(10000, 2000, 0, 0, 0), 0.005),
				// claude-sonnet-5 2 / 10 / 0.2 / 2.5: 300 x 2 + 20,000 x 0.2 + 5,000 x 2.5 +
				// 700 x 10 = 600 + 4,000 + 12,500 + 7,000 = 24,100 -> $0.0241
				anthropic("large cache", "claude-sonnet-5", ProviderUsage.anthropic("""
						{"input_tokens": 300, "output_tokens": 700, "cache_read_input_tokens": 20000,
						 "cache_creation_input_tokens": 5000}"""), new TokenUsage(25300, 700, 20000, 5000, 0), 0.0241),
				// No price: the tokens are still normalized, the cost is left out
				anthropic("unpriced model", "claude-unreleased-9", ProviderUsage.anthropic("""
						{"input_tokens": 10, "output_tokens": 5, "cache_read_input_tokens": 20}"""),
						new TokenUsage(30, 5, 20, 0, 0), null),

				// gpt-4o 2.5 / 10: 1,000 x 2.5 + 500 x 10 = 2,500 + 5,000 = 7,500 ->
				// $0.0075
				openAi("plain call", "gpt-4o", ProviderUsage.openAi("""
						{"prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500}"""),
						new TokenUsage(1000, 500, 0, 0, 0), 0.0075),
				// gpt-4o 2.5 / 10 / 1.25: cached tokens are inside prompt_tokens: 1,000 x
				// 2.5 + 4,000 x 1.25 + 100 x 10 = 2,500 + 5,000 + 1,000 = 8,500 -> $0.0085
				openAi("cached prompt", "gpt-4o", ProviderUsage.openAi("""
						{"prompt_tokens": 5000, "completion_tokens": 100, "total_tokens": 5100,
						 "prompt_tokens_details": {"cached_tokens": 4000}}"""), new TokenUsage(5000, 100, 4000, 0, 0),
						0.0085),
				// gpt-4o-mini 0.15 / 0.6: 20,000 x 0.15 + 1,000 x 0.6 = 3,000 + 600 = 3,600
				// -> $0.0036
				openAi("cache miss reported as 0", "gpt-4o-mini", ProviderUsage.openAi("""
						{"prompt_tokens": 20000, "completion_tokens": 1000, "total_tokens": 21000,
						 "prompt_tokens_details": {"cached_tokens": 0}}"""), new TokenUsage(20000, 1000, 0, 0, 0),
						0.0036),
				// gpt-4o-mini 0.15 / 0.6 / 0.075: 1,976 x 0.15 + 1,024 x 0.075 + 50 x 0.6
				// = 296.4 + 76.8 + 30 = 403.2 -> $0.0004032
				openAi("dated model, cached prompt", "gpt-4o-mini-2024-07-18", ProviderUsage.openAi("""
						{"prompt_tokens": 3000, "completion_tokens": 50, "total_tokens": 3050,
						 "prompt_tokens_details": {"cached_tokens": 1024}}"""), new TokenUsage(3000, 50, 1024, 0, 0),
						0.0004032),
				// o3 2 / 8: reasoning is inside completion_tokens: 2,000 x 2 + 3,000 x 8 =
				// 4,000 + 24,000 = 28,000 -> $0.028
				openAi("reasoning", "o3", ProviderUsage.openAi("""
						{"prompt_tokens": 2000, "completion_tokens": 3000, "total_tokens": 5000,
						 "completion_tokens_details": {"reasoning_tokens": 2500}}"""),
						new TokenUsage(2000, 3000, 0, 0, 2500), 0.028),
				// o4-mini 1.1 / 4.4 / 0.275: 500 x 1.1 + 1,000 x 0.275 + 1,200 x 4.4 = 550 +
				// 275 + 5,280 = 6,105 -> $0.006105
				openAi("reasoning and cache", "o4-mini", ProviderUsage.openAi("""
						{"prompt_tokens": 1500, "completion_tokens": 1200, "total_tokens": 2700,
						 "prompt_tokens_details": {"cached_tokens": 1000},
						 "completion_tokens_details": {"reasoning_tokens": 1000}}"""),
						new TokenUsage(1500, 1200, 1000, 0, 1000), 0.006105),
				// gpt-5 1.25 / 10 / 0.125: 2,000 x 1.25 + 8,000 x 0.125 + 2,000 x 10 =
				// 2,500 + 1,000 + 20,000 = 23,500 -> $0.0235
				openAi("gpt-5", "gpt-5-2025-08-07", ProviderUsage.openAi("""
						{"prompt_tokens": 10000, "completion_tokens": 2000, "total_tokens": 12000,
						 "prompt_tokens_details": {"cached_tokens": 8000},
						 "completion_tokens_details": {"reasoning_tokens": 1500}}"""),
						new TokenUsage(10000, 2000, 8000, 0, 1500), 0.0235),
				// gpt-4.1-nano 0.1 / 0.4: 100,000 x 0.1 + 10,000 x 0.4 = 10,000 + 4,000 =
				// 14,000 -> $0.014
				openAi("large prompt", "gpt-4.1-nano", ProviderUsage.openAi("""
						{"prompt_tokens": 100000, "completion_tokens": 10000, "total_tokens": 110000}"""),
						new TokenUsage(100000, 10000, 0, 0, 0), 0.014),
				// gpt-5-mini 0.25 / 2, as its stream's usage chunk: 800 x 0.25 + 400 x 2 =
				// 200 + 800 = 1,000 -> $0.001
				openAi("usage chunk of a stream", "gpt-5-mini", ProviderUsage.openAi("""
						{"prompt_tokens": 800, "completion_tokens": 400, "total_tokens": 1200,
						 "completion_tokens_details": {"reasoning_tokens": 256}}"""),
						new TokenUsage(800, 400, 0, 0, 256), 0.001),
				// No tokens: $0
				openAi("empty answer", "gpt-4o-2024-08-06", ProviderUsage.openAi("""
						{"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}"""), TokenUsage.NONE, 0.0),

				// gemini-2.5-flash 0.3 / 2.5: thinking is billed as output: 1,000 x 0.3 +
				// (200 + 50) x 2.5 = 300 + 625 = 925 -> $0.000925
				gemini("thinking", "gemini-2.5-flash", ProviderUsage.gemini("""
						{"promptTokenCount": 1000, "candidatesTokenCount": 200, "thoughtsTokenCount": 50,
						 "totalTokenCount": 1250}"""), new TokenUsage(1000, 250, 0, 0, 50), 0.000925),
				// The same without extended usage metadata: the 50 beyond prompt and
				// candidates in the total are the thinking; $0.000925
				gemini("thinking, basic usage metadata", "gemini-2.5-flash", ProviderUsage.geminiBasic("""
						{"promptTokenCount": 1000, "candidatesTokenCount": 200, "thoughtsTokenCount": 50,
						 "totalTokenCount": 1250}"""), new TokenUsage(1000, 250, 0, 0, 50), 0.000925),
				// gemini-2.5-flash 0.3 / 2.5 / 0.03: cached content is inside the prompt:
				// 2,000 x 0.3 + 8,000 x 0.03 + 500 x 2.5 = 600 + 240 + 1,250 = 2,090 ->
				// $0.00209
				gemini("cached content", "gemini-2.5-flash", ProviderUsage.gemini("""
						{"promptTokenCount": 10000, "cachedContentTokenCount": 8000, "candidatesTokenCount": 500,
						 "totalTokenCount": 10500}"""), new TokenUsage(10000, 500, 8000, 0, 0), 0.00209),
				// gemini-2.5-pro 1.25 / 10: 5,000 x 1.25 + (1,000 + 2,000) x 10 = 6,250 +
				// 30,000 = 36,250 -> $0.03625
				gemini("more thinking than answer", "gemini-2.5-pro", ProviderUsage.gemini("""
						{"promptTokenCount": 5000, "candidatesTokenCount": 1000, "thoughtsTokenCount": 2000,
						 "totalTokenCount": 8000}"""), new TokenUsage(5000, 3000, 0, 0, 2000), 0.03625),
				// gemini-2.0-flash 0.1 / 0.4: 4,000 x 0.1 + 1,000 x 0.4 = 400 + 400 = 800 ->
				// $0.0008
				gemini("no thinking", "gemini-2.0-flash", ProviderUsage.gemini("""
						{"promptTokenCount": 4000, "candidatesTokenCount": 1000, "totalTokenCount": 5000}"""),
						new TokenUsage(4000, 1000, 0, 0, 0), 0.0008),
				// gemini-3-pro-preview 2 / 12 / 0.2: 2,000 x 2 + 1,000 x 0.2 + (400 + 600) x
				// 12 = 4,000 + 200 + 12,000 = 16,200 -> $0.0162
				gemini("cache and thinking", "gemini-3-pro-preview", ProviderUsage.gemini("""
						{"promptTokenCount": 3000, "cachedContentTokenCount": 1000, "candidatesTokenCount": 400,
						 "thoughtsTokenCount": 600, "totalTokenCount": 4000}"""),
						new TokenUsage(3000, 1000, 1000, 0, 600), 0.0162),
				// gemini-2.5-flash-lite 0.1 / 0.4: tool-use prompts are billed as input:
				// (1,000 + 200) x 0.1 + 100 x 0.4 = 120 + 40 = 160 -> $0.00016
				gemini("tool-use prompt", "gemini-2.5-flash-lite", ProviderUsage.gemini("""
						{"promptTokenCount": 1000, "candidatesTokenCount": 100, "toolUsePromptTokenCount": 200,
						 "totalTokenCount": 1300}"""), new TokenUsage(1200, 100, 0, 0, 0), 0.00016),
				// gemini-3-flash-preview 0.5 / 3: 2,000 x 0.5 + (300 + 700) x 3 = 1,000 +
				// 3,000 = 4,000 -> $0.004
				gemini("preview model", "gemini-3-flash-preview", ProviderUsage.gemini("""
						{"promptTokenCount": 2000, "candidatesTokenCount": 300, "thoughtsTokenCount": 700,
						 "totalTokenCount": 3000}"""), new TokenUsage(2000, 1000, 0, 0, 700), 0.004),
				// gemini-2.5-pro 1.25 / 10 / 0.125, as the last chunk of a stream: 400 x 1.25
				// + 600 x 0.125 + (100 + 300) x 10 = 500 + 75 + 4,000 = 4,575 -> $0.004575
				gemini("last chunk of a stream", "gemini-2.5-pro", ProviderUsage.gemini("""
						{"promptTokenCount": 1000, "cachedContentTokenCount": 600, "candidatesTokenCount": 100,
						 "thoughtsTokenCount": 300, "totalTokenCount": 1400}"""),
						new TokenUsage(1000, 400, 600, 0, 300), 0.004575),

				// Ollama runs on the team's hardware: $0 and no warning
				ollama("local model", "llama3.2", ProviderUsage.ollama(500, 100), new TokenUsage(500, 100, 0, 0, 0),
						0.0),
				ollama("local reasoning model", "deepseek-r1:7b", ProviderUsage.ollama(1000, 1000),
						new TokenUsage(1000, 1000, 0, 0, 0), 0.0),
				// The hosted price of a model of the same name (gemma-2-27b-it, 0.65 / 0.65
				// on Google) is never charged for it: $0
				ollama("local copy of a hosted model", "gemma-2-27b-it", ProviderUsage.ollama(2000, 2000),
						new TokenUsage(2000, 2000, 0, 0, 0), 0.0),
				// A price the team sets still applies, 0.5 / 1.5: 2,000 x 0.5 + 1,000 x 1.5
				// = 1,000 + 1,500 = 2,500 -> $0.0025
				ollama("local model with a price override", "llama3.1:70b", ProviderUsage.ollama(2000, 1000),
						new TokenUsage(2000, 1000, 0, 0, 0), 0.0025));
	}

	private static Arguments anthropic(String description, String model, Usage usage, TokenUsage tokens,
			@Nullable Double cost) {
		return Arguments.of("anthropic: " + description, "anthropic", model, usage, tokens, cost);
	}

	private static Arguments openAi(String description, String model, Usage usage, TokenUsage tokens,
			@Nullable Double cost) {
		return Arguments.of("openai: " + description, "openai", model, usage, tokens, cost);
	}

	private static Arguments gemini(String description, String model, Usage usage, TokenUsage tokens,
			@Nullable Double cost) {
		return Arguments.of("gemini: " + description, "google_genai", model, usage, tokens, cost);
	}

	private static Arguments ollama(String description, String model, Usage usage, TokenUsage tokens,
			@Nullable Double cost) {
		return Arguments.of("ollama: " + description, "ollama", model, usage, tokens, cost);
	}

}
