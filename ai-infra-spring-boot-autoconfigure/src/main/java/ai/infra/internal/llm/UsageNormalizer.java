package ai.infra.internal.llm;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import ai.infra.internal.cost.TokenUsage;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiProviderNameIncubatingValues;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;

/**
 * Turns the usage a Spring AI model reports into {@link TokenUsage}, by its provider's
 * way of counting. Provider-specific detail is read from the provider's own usage types
 * by name, so that none of their jars is needed at run time.
 * <ul>
 * <li>Anthropic reports cache reads and cache writes outside {@code input_tokens}: they
 * are added to the input. Its {@code output_tokens} include thinking
 * ({@code output_tokens_details.thinking_tokens}).</li>
 * <li>Gemini's {@code promptTokenCount} already includes {@code cachedContentTokenCount};
 * thinking ({@code thoughtsTokenCount}) is billed as output and tool-use prompts
 * ({@code toolUsePromptTokenCount}) as input, both outside the counts Spring AI keeps, so
 * they are added.</li>
 * <li>OpenAI (and compatible servers, Ollama among them) include cached tokens in the
 * prompt tokens and reasoning tokens in the completion tokens.</li>
 * </ul>
 */
final class UsageNormalizer {

	private static final String GOOGLE_GENAI_USAGE = "org.springframework.ai.google.genai.metadata.GoogleGenAiUsage";

	private static final String OPENAI_COMPLETION_USAGE = "com.openai.models.completions.CompletionUsage";

	private static final ClassValue<Map<String, Optional<Method>>> METHODS = new ClassValue<>() {

		@Override
		protected Map<String, Optional<Method>> computeValue(Class<?> type) {
			return new ConcurrentHashMap<>();
		}

	};

	private UsageNormalizer() {
	}

	/**
	 * Normalize a model call's usage.
	 * @param provider the OpenTelemetry name of the provider
	 * @param usage the usage Spring AI reports, or {@code null}
	 * @return the normalized tokens
	 */
	static TokenUsage normalize(String provider, @Nullable Usage usage) {
		if (usage == null) {
			return TokenUsage.NONE;
		}
		long prompt = toLong(usage.getPromptTokens());
		long completion = toLong(usage.getCompletionTokens());
		long cacheRead = toLong(usage.getCacheReadInputTokens());
		long cacheWrite = toLong(usage.getCacheWriteInputTokens());
		Object nativeUsage = usage.getNativeUsage();
		if (isAnthropic(provider, nativeUsage)) {
			long thinking = (nativeUsage != null) ? number(nativeUsage, "outputTokensDetails", "thinkingTokens") : 0;
			return new TokenUsage(prompt + cacheRead + cacheWrite, completion, cacheRead, cacheWrite, thinking);
		}
		if (isGemini(provider, usage)) {
			long thoughts = number(usage, "getThoughtsTokenCount");
			long toolUsePrompt = number(usage, "getToolUsePromptTokenCount");
			if (!usage.getClass().getName().equals(GOOGLE_GENAI_USAGE)) {
				// Without extended usage metadata only the total still counts thinking: what
				// it has beyond prompt and candidates is billed as output.
				thoughts = Math.max(toLong(usage.getTotalTokens()) - prompt - completion, 0);
			}
			return new TokenUsage(prompt + toolUsePrompt, completion + thoughts, cacheRead, 0, thoughts);
		}
		long reasoning = (nativeUsage != null && nativeUsage.getClass().getName().equals(OPENAI_COMPLETION_USAGE))
				? number(nativeUsage, "completionTokensDetails", "reasoningTokens") : 0;
		return new TokenUsage(prompt, completion, cacheRead, cacheWrite, reasoning);
	}

	private static boolean isAnthropic(String provider, @Nullable Object nativeUsage) {
		return GenAiProviderNameIncubatingValues.ANTHROPIC.equals(provider)
				|| (nativeUsage != null && nativeUsage.getClass().getName().startsWith("com.anthropic."));
	}

	private static boolean isGemini(String provider, Usage usage) {
		return usage.getClass().getName().equals(GOOGLE_GENAI_USAGE)
				|| GenAiProviderNameIncubatingValues.GCP_GEMINI.equals(provider)
				|| GenAiProviderNameIncubatingValues.GCP_VERTEX_AI.equals(provider)
				|| GenAiProviderNameIncubatingValues.GCP_GEN_AI.equals(provider);
	}

	/**
	 * Read a count by calling public no-argument methods in turn, unwrapping the
	 * {@link Optional}s the providers' SDKs return.
	 * @param target the object to start from
	 * @param methods the names of the methods to call
	 * @return the count, or 0 if any step is missing
	 */
	private static long number(Object target, String... methods) {
		Object value = target;
		try {
			for (String name : methods) {
				Method method = method(value.getClass(), name);
				if (method == null) {
					return 0;
				}
				value = method.invoke(value);
				if (value instanceof Optional<?> optional) {
					value = optional.orElse(null);
				}
				if (value == null) {
					return 0;
				}
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// A provider SDK of another shape has no such detail: it is not recorded.
			return 0;
		}
		return (value instanceof Number count) ? Math.max(count.longValue(), 0) : 0;
	}

	// Looked up once per class and name: Class.getMethod copies the Method on every call,
	// and this runs for every model call.
	private static @Nullable Method method(Class<?> type, String name) {
		Map<String, Optional<Method>> methods = METHODS.get(type);
		Optional<Method> method = methods.get(name);
		if (method == null) {
			method = lookUp(type, name);
			methods.put(name, method);
		}
		return method.orElse(null);
	}

	private static Optional<Method> lookUp(Class<?> type, String name) {
		try {
			return Optional.of(type.getMethod(name));
		}
		catch (NoSuchMethodException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static long toLong(@Nullable Number value) {
		return (value != null) ? Math.max(value.longValue(), 0) : 0;
	}

}
