package ai.infra.internal.llm;

import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;

/**
 * Notes the usage each chunk of a streamed model call reports, so that the
 * {@code llm.generate} span of a stream carries the same tokens, cache detail and cost as
 * the same call made blocking. It sits next to the model in the advisor chain, inside the
 * tool-calling loop, so each round trip has its own usage. Chunks pass through unchanged.
 */
public final class StreamUsageAdvisor implements StreamAdvisor {

	/**
	 * The order of this advisor: after every other advisor but the stream timing.
	 */
	public static final int ORDER = StreamTimingAdvisor.ORDER - 1;

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return Flux.defer(() -> {
			StreamUsage usage = new StreamUsage();
			ChatClientRequest observed = request.mutate().context(StreamUsage.CONTEXT_KEY, usage).build();
			return chain.nextStream(observed).doOnNext((response) -> usage.chunk(response.chatResponse()));
		});
	}

	@Override
	public String getName() {
		return "ai-infra stream usage";
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
