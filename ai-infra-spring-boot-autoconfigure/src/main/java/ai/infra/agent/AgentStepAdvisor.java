package ai.infra.agent;

import java.util.OptionalDouble;

import ai.infra.internal.observation.RequestParameters;
import ai.infra.internal.observation.RunAccount;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.core.Ordered;

/**
 * Stops an {@link AiAgent} run inside Spring AI's tool loop once it has made its maximum
 * number of model calls. The run's {@link RunAccount} is kept by its {@code agent.run}
 * span; only when the run is not traced does this advisor count its steps and tokens
 * (without a price, which only a traced model call gets).
 */
final class AgentStepAdvisor implements CallAdvisor {

	private final String agentName;

	private final int maxSteps;

	AgentStepAdvisor(String agentName, int maxSteps) {
		this.agentName = agentName;
		this.maxSteps = maxSteps;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		if (!(request.context().get(RequestParameters.RUN_ACCOUNT) instanceof RunAccount account)) {
			return chain.nextCall(request);
		}
		if (account.modelCalls() >= this.maxSteps) {
			throw new AgentMaxStepsExceededException(this.agentName, this.maxSteps);
		}
		if (account.isTraced()) {
			return chain.nextCall(request);
		}
		account.beginStep();
		ChatClientResponse response = chain.nextCall(request);
		ChatResponse chatResponse = response.chatResponse();
		Usage usage = (chatResponse != null) ? chatResponse.getMetadata().getUsage() : null;
		account.recordModelCall(tokens((usage != null) ? usage.getPromptTokens() : null),
				tokens((usage != null) ? usage.getCompletionTokens() : null), OptionalDouble.empty());
		return response;
	}

	private static long tokens(@Nullable Integer count) {
		return (count != null) ? count : 0;
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
