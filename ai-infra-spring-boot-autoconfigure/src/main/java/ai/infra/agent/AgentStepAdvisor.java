package ai.infra.agent;

import java.util.OptionalDouble;

import ai.infra.internal.cost.CostCalculator;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.core.Ordered;

/**
 * Counts the steps of an {@link AiAgent} run inside Spring AI's tool loop, stops the run
 * past its maximum number of steps, and adds up tokens and cost per model call.
 */
final class AgentStepAdvisor implements CallAdvisor {

	private final CostCalculator costCalculator;

	AgentStepAdvisor(CostCalculator costCalculator) {
		this.costCalculator = costCalculator;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		if (!(request.context().get(AgentRunTotals.CONTEXT_KEY) instanceof AgentRunTotals totals)) {
			return chain.nextCall(request);
		}
		totals.beginStep();
		ChatClientResponse response = chain.nextCall(request);
		ChatResponse chatResponse = response.chatResponse();
		if (chatResponse != null) {
			ChatResponseMetadata metadata = chatResponse.getMetadata();
			Usage usage = metadata.getUsage();
			long prompt = (usage.getPromptTokens() != null) ? usage.getPromptTokens() : 0;
			long completion = (usage.getCompletionTokens() != null) ? usage.getCompletionTokens() : 0;
			long cached = (usage.getCacheReadInputTokens() != null) ? usage.getCacheReadInputTokens() : 0;
			OptionalDouble cost = this.costCalculator.cost(null, metadata.getModel(), prompt, completion, cached);
			totals.add(prompt, completion, cost);
		}
		return response;
	}

	@Override
	public String getName() {
		return "ai-infra agent steps";
	}

	@Override
	public int getOrder() {
		// Inside the tool loop, so that every model call passes through.
		return Ordered.LOWEST_PRECEDENCE - 200;
	}

}
