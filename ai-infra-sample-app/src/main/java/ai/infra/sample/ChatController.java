package ai.infra.sample;

import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chat endpoints: one model round trip per request, answered at once or streamed.
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

	@PostMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<String> stream(@RequestBody ChatRequest request) {
		return this.chatClient.prompt().user(request.message()).stream().content();
	}

	record ChatRequest(String message) {
	}

	record ChatReply(String reply) {
	}

}
