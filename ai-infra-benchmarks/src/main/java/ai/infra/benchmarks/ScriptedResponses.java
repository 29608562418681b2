package ai.infra.benchmarks;

import java.util.List;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * What the in-process model answers, built afresh for every call as a real model's client
 * would: a text answer when no tools are offered; when tools are offered, a request for
 * the weather tool in each of the first {@link #TOOL_ROUNDS} rounds and then a text
 * answer. Every response carries usage and the dated model name OpenAI reports.
 */
final class ScriptedResponses {

	/** The model asked for. */
	static final String REQUEST_MODEL = "gpt-4o-mini";

	/** The model the response names, as OpenAI reports it. */
	static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";

	/** The provider, as Spring AI's OpenAI model reports it. */
	static final String PROVIDER = "openai";

	/** Name of the tool the model asks for. */
	static final String TOOL_NAME = "getWeather";

	/** How many rounds ask for a tool before the model answers. */
	static final int TOOL_ROUNDS = 2;

	static final int PROMPT_TOKENS = 120;

	static final int COMPLETION_TOKENS = 40;

	private static final String RESPONSE_ID = "chatcmpl-benchmark";

	private static final String[] TOOL_ARGUMENTS = { "{\"city\":\"Paris\"}", "{\"city\":\"Rome\"}" };

	private ScriptedResponses() {
	}

	/**
	 * Return the prompt of the tool benchmarks: a question that offers the given tools.
	 * @param tools the tools offered
	 * @return the prompt
	 */
	static Prompt weatherPrompt(ToolCallback[] tools) {
		return new Prompt(List.of(new UserMessage("What is the weather in Paris?")),
				ToolCallingChatOptions.builder().model(REQUEST_MODEL).toolCallbacks(tools).build());
	}

	static ChatResponse respond(Prompt prompt) {
		int round = offersTools(prompt.getOptions()) ? toolResponses(prompt.getInstructions()) : TOOL_ROUNDS;
		AssistantMessage message;
		String finishReason;
		if (round < TOOL_ROUNDS) {
			AssistantMessage.ToolCall call = new AssistantMessage.ToolCall("call_" + (round + 1), "function",
					TOOL_NAME, TOOL_ARGUMENTS[round]);
			message = AssistantMessage.builder().content("").toolCalls(List.of(call)).build();
			finishReason = "TOOL_CALLS";
		}
		else {
			message = new AssistantMessage("Pack an umbrella.");
			finishReason = "STOP";
		}
		Generation generation = new Generation(message,
				ChatGenerationMetadata.builder().finishReason(finishReason).build());
		ChatResponseMetadata metadata = ChatResponseMetadata.builder()
			.id(RESPONSE_ID)
			.model(RESPONSE_MODEL)
			.usage(new DefaultUsage(PROMPT_TOKENS, COMPLETION_TOKENS, PROMPT_TOKENS + COMPLETION_TOKENS))
			.build();
		return new ChatResponse(List.of(generation), metadata);
	}

	private static boolean offersTools(ChatOptions options) {
		return options instanceof ToolCallingChatOptions tools && tools.getToolCallbacks() != null
				&& !tools.getToolCallbacks().isEmpty();
	}

	// Spring AI's tool loop sends the whole conversation, so the tool results in it tell
	// how many rounds have passed.
	private static int toolResponses(List<Message> messages) {
		int count = 0;
		for (Message message : messages) {
			if (message.getMessageType() == MessageType.TOOL) {
				count++;
			}
		}
		return count;
	}

}
