package ai.infra.internal.observation;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The {@code ai.*} span attribute keys ai-infra writes, with their types, and the few
 * GenAI semantic-convention keys that {@code opentelemetry-semconv-incubating} does not
 * define; every other {@code gen_ai.*} key is taken from its
 * {@code GenAiIncubatingAttributes}.
 */
public final class AiAttributes {

	/** Provider of the model, for example {@code openai}. */
	public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("ai.provider");

	/** Model that served the call (the response model where the provider reports it). */
	public static final AttributeKey<String> MODEL = AttributeKey.stringKey("ai.model");

	/** Every input token billed for the call, cache reads and writes included. */
	public static final AttributeKey<Long> PROMPT_TOKENS = AttributeKey.longKey("ai.prompt_tokens");

	/** Every output token billed for the call, reasoning included. */
	public static final AttributeKey<Long> COMPLETION_TOKENS = AttributeKey.longKey("ai.completion_tokens");

	/** Input plus output tokens. */
	public static final AttributeKey<Long> TOTAL_TOKENS = AttributeKey.longKey("ai.total_tokens");

	/** Input tokens served from the provider's prompt cache. */
	public static final AttributeKey<Long> CACHED_PROMPT_TOKENS = AttributeKey.longKey("ai.cached_prompt_tokens");

	/** Cost in US dollars, present only when the model's price is known. */
	public static final AttributeKey<Double> COST = AttributeKey.doubleKey("ai.cost");

	/** Duration of the operation in milliseconds. */
	public static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey("ai.duration_ms");

	/** Whether the model call streamed its answer. */
	public static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("ai.stream");

	/** Milliseconds from the start of a streaming call to its first content chunk. */
	public static final AttributeKey<Long> TIME_TO_FIRST_TOKEN_MS = AttributeKey
		.longKey("ai.time_to_first_token_ms");

	// The message keys are not generated into opentelemetry-semconv-incubating: their
	// convention type is structured ("any"), which the generator leaves out.

	/** Input messages as GenAI semantic-convention JSON, only with content capture. */
	public static final AttributeKey<String> GEN_AI_INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");

	/** Output messages as GenAI semantic-convention JSON, only with content capture. */
	public static final AttributeKey<String> GEN_AI_OUTPUT_MESSAGES = AttributeKey
		.stringKey("gen_ai.output.messages");

	/** Name of the agent, on {@code agent.run}. */
	public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("ai.agent.name");

	/** Number of steps the run took, on {@code agent.run}. */
	public static final AttributeKey<Long> AGENT_STEPS = AttributeKey.longKey("ai.agent.steps");

	/** Number of one step, on {@code agent.step.N}. */
	public static final AttributeKey<Long> AGENT_STEP = AttributeKey.longKey("ai.agent.step");

	/** Name of the tool, on {@code tool.<name>}. */
	public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("tool.name");

	/** Arguments of a tool call as JSON, secrets redacted, truncated. */
	public static final AttributeKey<String> TOOL_ARGS = AttributeKey.stringKey("tool.args");

	/** Duration of a tool call in milliseconds. */
	public static final AttributeKey<Long> TOOL_DURATION_MS = AttributeKey.longKey("tool.duration_ms");

	/** Name of the span event added when a budget key value crosses 80 % or 100 % of its limit. */
	public static final String BUDGET_WARNING_EVENT = "ai.budget.warning";

	/** Name of the span event added to a model call that a budget refused. */
	public static final String BUDGET_BLOCKED_EVENT = "ai.budget.blocked";

	/** {@code error.type} of a model call or run that a budget refused. */
	public static final String BUDGET_EXCEEDED_ERROR_TYPE = "budget_exceeded";

	/** Percentage of the limit a budget warning is for: 80 or 100. */
	public static final AttributeKey<Long> BUDGET_LEVEL = AttributeKey.longKey("ai.budget.level");

	/** Value of the budget key (the tenant) a budget event is for. */
	public static final AttributeKey<String> BUDGET_KEY = AttributeKey.stringKey("ai.budget.key");

	/** Limit in US dollars of the budget an event is for. */
	public static final AttributeKey<Double> BUDGET_LIMIT = AttributeKey.doubleKey("ai.budget.limit");

	/** What had been spent in US dollars when a budget event was recorded. */
	public static final AttributeKey<Double> BUDGET_SPENT = AttributeKey.doubleKey("ai.budget.spent");

	private AiAttributes() {
	}

}
