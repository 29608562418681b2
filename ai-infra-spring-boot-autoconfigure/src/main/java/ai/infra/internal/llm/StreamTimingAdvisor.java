package ai.infra.internal.llm;

import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

/**
 * Notes when the first content chunk of each streamed model call arrives, so the
 * {@code llm.generate} span can carry the time to first token. It sits next to the model
 * in the advisor chain, inside the tool-calling loop, so each round trip is timed on its
 * own. Chunks pass through unchanged.
 */
public final class StreamTimingAdvisor implements StreamAdvisor {

	/**
	 * The order of this advisor: after every other advisor, just before the model.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return Flux.defer(() -> {
			StreamTiming timing = new StreamTiming();
			ChatClientRequest timed = request.mutate().context(StreamTiming.CONTEXT_KEY, timing).build();
			return chain.nextStream(timed).doOnNext((response) -> {
				if (hasContent(response.chatResponse())) {
					timing.markFirstContent();
				}
			});
		});
	}

	private static boolean hasContent(ChatResponse response) {
		return response != null && response.getResult() != null
				&& StringUtils.hasLength(response.getResult().getOutput().getText());
	}

	@Override
	public String getName() {
		return "ai-infra stream timing";
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
