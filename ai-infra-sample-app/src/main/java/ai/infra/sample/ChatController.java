package ai.infra.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chat endpoints: one model round trip per request, answered at once or streamed. Each
 * logs one line inside the request's span, so the line carries the trace ids; it gives
 * sizes only, never the text of the conversation.
 */
@RestController
class ChatController {

	private static final Logger logger = LoggerFactory.getLogger(ChatController.class);

	private final ChatClient chatClient;

	ChatController(ChatClient.Builder chatClientBuilder) {
		this.chatClient = chatClientBuilder.build();
	}

	@PostMapping("/chat")
	ChatReply chat(@RequestBody ChatRequest request) {
		String reply = this.chatClient.prompt().user(request.message()).call().content();
		logger.info("Answered a message of {} characters with {} characters", request.message().length(),
				(reply != null) ? reply.length() : 0);
		return new ChatReply(reply);
	}

	@PostMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<String> stream(@RequestBody ChatRequest request) {
		logger.info("Streaming the answer to a message of {} characters", request.message().length());
		return this.chatClient.prompt().user(request.message()).stream().content();
	}

	record ChatRequest(String message) {
	}

	record ChatReply(String reply) {
	}

}
