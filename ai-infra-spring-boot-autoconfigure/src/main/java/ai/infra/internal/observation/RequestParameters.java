package ai.infra.internal.observation;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.memory.ChatMemory;

/**
 * Keys of the {@code ChatClient} request context (advisor parameters) through which a
 * request tells ai-infra's observation handlers about itself.
 */
public final class RequestParameters {

	/**
	 * {@code true} leaves the request without ai-infra spans.
	 */
	public static final String TRACING_DISABLED = "ai-infra.tracing.disabled";

	/**
	 * Name of the agent a request runs for; a request with it is an agent run.
	 */
	public static final String AGENT_NAME = "ai-infra.agent.name";

	/**
	 * The {@link RunAccount} an agent run is to be recorded in.
	 */
	public static final String RUN_ACCOUNT = RunAccount.class.getName();

	/**
	 * Agent name of a {@code ChatClient} request that runs a tool loop without a name.
	 */
	public static final String DEFAULT_AGENT_NAME = "chat_client";

	private RequestParameters() {
	}

	/**
	 * Return the Spring AI chat-memory conversation id a request was made with.
	 * @param requestContext the request's context (its advisor parameters)
	 * @return the {@code ChatMemory.CONVERSATION_ID} parameter as text, or {@code null}
	 */
	public static @Nullable String conversationId(Map<String, Object> requestContext) {
		return conversationId(requestContext.get(ChatMemory.CONVERSATION_ID));
	}

	/**
	 * Return the Spring AI chat-memory conversation id of a request as it found it.
	 * @param lineage what the call learnt from the request it runs inside
	 * @return the {@code ChatMemory.CONVERSATION_ID} parameter as text, or {@code null}
	 */
	public static @Nullable String conversationId(ObservationLineage lineage) {
		return conversationId(lineage.parameter(ChatMemory.CONVERSATION_ID));
	}

	private static @Nullable String conversationId(@Nullable Object value) {
		return (value != null && !value.toString().isBlank()) ? value.toString() : null;
	}

}
