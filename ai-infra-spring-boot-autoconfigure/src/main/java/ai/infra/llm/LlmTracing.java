package ai.infra.llm;

import java.util.function.Consumer;

import ai.infra.internal.observation.RequestParameters;

import org.springframework.ai.chat.client.ChatClient;

/**
 * Per-request control of ai-infra's LLM tracing.
 * <p>
 * To leave one {@link ChatClient} request untraced:
 * <pre class="code">
 * chatClient.prompt("...").advisors(LlmTracing.disabled()).call().content();
 * </pre>
 */
public final class LlmTracing {

	/**
	 * Advisor parameter that, set to {@code true}, leaves the request without ai-infra
	 * spans.
	 */
	public static final String DISABLED = RequestParameters.TRACING_DISABLED;

	private LlmTracing() {
	}

	/**
	 * Return an advisor customizer that disables ai-infra tracing for one request.
	 * @return the customizer to pass to {@code ChatClientRequestSpec.advisors}
	 */
	public static Consumer<ChatClient.AdvisorSpec> disabled() {
		return (advisors) -> advisors.param(DISABLED, true);
	}

}
