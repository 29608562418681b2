package ai.infra.sample;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chat endpoint: one model round trip per request.
 */
@RestController
class ChatController {

	private final ChatClient chatClient;

	ChatController(ChatClient.Builder chatClientBuilder) {
		this.chatClient = chatClientBuilder.build();
	}

	@PostMapping("/chat")
	ChatReply chat(@RequestBody ChatRequest request) {
		return new ChatReply(this.chatClient.prompt().user(request.message()).call().content());
	}

	record ChatRequest(String message) {
	}

	record ChatReply(String reply) {
	}

}
