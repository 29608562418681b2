package ai.infra.sample;

import ai.infra.agent.AgentResult;
import ai.infra.agent.AiAgent;
import ai.infra.tool.AiToolRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs a travel agent with the weather and search tools: one {@code agent.run} span with
 * a step per model call, and a log line inside the request's span that carries its
 * trace ids.
 */
@RestController
class AgentController {

	private static final Logger logger = LoggerFactory.getLogger(AgentController.class);

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
		logger.info("Agent travel-assistant answered in {} steps with {} tokens", result.steps(),
				result.totalTokens());
		return new AgentReply(result.answer(), result.steps(), result.promptTokens(), result.completionTokens(),
				result.totalTokens(), result.cost().isPresent() ? result.cost().getAsDouble() : null);
	}

	record AgentRequest(String task) {
	}

	record AgentReply(String answer, int steps, long promptTokens, long completionTokens, long totalTokens,
			Double cost) {
	}

}
