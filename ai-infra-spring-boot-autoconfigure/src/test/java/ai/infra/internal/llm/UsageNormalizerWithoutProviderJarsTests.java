package ai.infra.internal.llm;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link UsageNormalizer} on a class path without any provider's Spring AI model or SDK,
 * as in an application that uses only one provider: it must neither fail nor need them.
 */
class UsageNormalizerWithoutProviderJarsTests {

	private static final List<String> PROVIDER_JARS = List.of("anthropic-java", "openai-java", "google-genai",
			"spring-ai-anthropic", "spring-ai-google-genai", "spring-ai-openai", "spring-ai-ollama");

	@Test
	void shouldNormalizeUsageWithoutAnyProviderJar() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(classPathWithoutProviderJars(),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> Class.forName("com.openai.models.completions.CompletionUsage", false, loader));
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> Class.forName("com.anthropic.models.messages.Usage", false, loader));
			Class<?> usageType = Class.forName("org.springframework.ai.chat.metadata.Usage", false, loader);
			Class<?> defaultUsage = Class.forName("org.springframework.ai.chat.metadata.DefaultUsage", true, loader);
			Method normalize = Class.forName(UsageNormalizer.class.getName(), true, loader)
				.getDeclaredMethod("normalize", String.class, usageType);
			normalize.setAccessible(true);
			Object anthropic = defaultUsage
				.getConstructor(Integer.class, Integer.class, Integer.class, Object.class, Long.class, Long.class)
				.newInstance(1000, 200, 1200, Map.of("input_tokens", 1000), 3000L, 500L);
			assertThat(normalize.invoke(null, "anthropic", anthropic)).hasToString(
					"TokenUsage[inputTokens=4500, outputTokens=200, cacheReadInputTokens=3000, "
							+ "cacheCreationInputTokens=500, reasoningOutputTokens=0]");
			Object gemini = defaultUsage.getConstructor(Integer.class, Integer.class, Integer.class)
				.newInstance(1000, 200, 1250);
			assertThat(normalize.invoke(null, "gcp.gemini", gemini)).hasToString(
					"TokenUsage[inputTokens=1000, outputTokens=250, cacheReadInputTokens=0, "
							+ "cacheCreationInputTokens=0, reasoningOutputTokens=50]");
		}
	}

	private static URL[] classPathWithoutProviderJars() throws MalformedURLException {
		// Surefire starts the tests from a manifest-only jar and names the real class path here.
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			String name = new File(entry).getName();
			if (PROVIDER_JARS.stream().noneMatch(name::startsWith)) {
				urls.add(new File(entry).toURI().toURL());
			}
		}
		return urls.toArray(URL[]::new);
	}

}
