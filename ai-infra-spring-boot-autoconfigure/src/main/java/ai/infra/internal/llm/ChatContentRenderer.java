package ai.infra.internal.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Renders prompts and completions as the GenAI semantic-convention message JSON
 * ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}). Every text is cut to
 * a maximum length, so the JSON stays valid however long the conversation.
 */
public final class ChatContentRenderer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int maxLength;

	/**
	 * Create a renderer.
	 * @param maxLength the maximum number of characters kept of each text
	 */
	public ChatContentRenderer(int maxLength) {
		this.maxLength = maxLength;
	}

	/**
	 * Render the messages of a prompt.
	 * @param prompt the prompt
	 * @return JSON array of messages
	 */
	public String input(Prompt prompt) {
		List<Map<String, Object>> messages = new ArrayList<>();
		for (Message message : prompt.getInstructions()) {
			messages.add(message(message.getMessageType().getValue(), parts(message), null));
		}
		return JSON.writeValueAsString(messages);
	}

	/**
	 * Render the generations of a response.
	 * @param response the response
	 * @return JSON array of messages
	 */
	public String output(ChatResponse response) {
		List<Map<String, Object>> messages = new ArrayList<>();
		for (Generation generation : response.getResults()) {
			String finishReason = generation.getMetadata().getFinishReason();
			messages.add(message("assistant", parts(generation.getOutput()), finishReason));
		}
		return JSON.writeValueAsString(messages);
	}

	private Map<String, Object> message(String role, List<Map<String, Object>> parts, String finishReason) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", role);
		message.put("parts", parts);
		if (finishReason != null && !finishReason.isEmpty()) {
			message.put("finish_reason", finishReason.toLowerCase(java.util.Locale.ROOT));
		}
		return message;
	}

	private List<Map<String, Object>> parts(Message message) {
		List<Map<String, Object>> parts = new ArrayList<>();
		if (message instanceof ToolResponseMessage toolResponses) {
			for (ToolResponseMessage.ToolResponse response : toolResponses.getResponses()) {
				parts.add(part("tool_call_response", "id", response.id(), "response", truncate(response.responseData())));
			}
			return parts;
		}
		String text = message.getText();
		if (text != null && !text.isEmpty()) {
			parts.add(part("text", "content", truncate(text)));
		}
		if (message instanceof AssistantMessage assistant) {
			for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
				parts.add(part("tool_call", "id", call.id(), "name", call.name(), "arguments",
						truncate(call.arguments())));
			}
		}
		return parts;
	}

	private static Map<String, Object> part(String type, Object... keysAndValues) {
		Map<String, Object> part = new LinkedHashMap<>();
		part.put("type", type);
		for (int i = 0; i < keysAndValues.length; i += 2) {
			part.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return part;
	}

	private String truncate(String text) {
		if (text == null || text.length() <= this.maxLength) {
			return text;
		}
		return text.substring(0, this.maxLength) + "...[truncated " + (text.length() - this.maxLength) + " chars]";
	}

}
