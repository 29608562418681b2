package ai.infra.sample;

import ai.infra.agent.AgentResult;
import ai.infra.agent.AiAgent;
import ai.infra.tool.AiToolRegistry;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs a travel agent with the weather and search tools: one {@code agent.run} span with
 * a step per model call.
 */
@RestController
class AgentController {

	private final AiAgent agent;

	AgentController(AiAgent.Builder agentBuilder, AiToolRegistry tools) {
		this.agent = agentBuilder.name("travel-assistant")
			.persona("You are a travel assistant. Use the tools to check the weather and search the web.")
			.tools(tools)
			.maxSteps(5)
			.build();
	}

	@PostMapping("/agent")
	AgentReply run(@RequestBody AgentRequest request) {
		AgentResult result = this.agent.run(request.task());
		return new AgentReply(result.answer(), result.steps(), result.promptTokens(), result.completionTokens(),
				result.totalTokens(), result.cost().isPresent() ? result.cost().getAsDouble() : null);
	}

	record AgentRequest(String task) {
	}

	record AgentReply(String answer, int steps, long promptTokens, long completionTokens, long totalTokens,
			Double cost) {
	}

}
