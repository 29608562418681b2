package ai.infra.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

import ai.infra.internal.observation.RequestParameters;
import ai.infra.internal.observation.RunAccount;
import ai.infra.internal.observation.RunTotals;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * An agent: a persona, a set of tools and a task, run as Spring AI's tool loop until the
 * model answers or the maximum number of steps is reached. Each run is an
 * {@code agent.run} span with one {@code agent.step.N} span per model call.
 * <pre class="code">
 * AiAgent agent = agentBuilder.name("travel").persona("You plan trips.").tools(weatherTools).maxSteps(5).build();
 * AgentResult result = agent.run("What should I pack for Paris?");
 * </pre>
 */
public final class AiAgent {

	/**
	 * Steps an agent may take unless configured otherwise.
	 */
	public static final int DEFAULT_MAX_STEPS = 10;

	private final ChatClient chatClient;

	private final String name;

	private final @Nullable String persona;

	private final List<ToolCallback> tools;

	private final List<ToolCallbackProvider> toolProviders;

	private final AgentStepAdvisor stepAdvisor;

	private final OptionalDouble maxCost;

	private AiAgent(Builder builder) {
		this.chatClient = builder.chatClientBuilder.clone().build();
		this.name = builder.name;
		this.persona = builder.persona;
		this.tools = List.copyOf(builder.tools);
		this.toolProviders = List.copyOf(builder.toolProviders);
		this.stepAdvisor = new AgentStepAdvisor(builder.name, builder.maxSteps);
		this.maxCost = builder.maxCost;
	}

	/**
	 * Start building an agent on a {@code ChatClient.Builder}, such as the one Spring AI
	 * auto-configures (which is traced).
	 * @param chatClientBuilder the builder; it is cloned, not changed
	 * @return the agent builder
	 */
	public static Builder builder(ChatClient.Builder chatClientBuilder) {
		return new Builder(chatClientBuilder);
	}

	/**
	 * Start building an agent on a model. Its runs are traced only when the model was
	 * built with an observation registry; prefer {@link #builder(ChatClient.Builder)} in a
	 * Spring application.
	 * @param chatModel the model
	 * @return the agent builder
	 */
	public static Builder builder(ChatModel chatModel) {
		return new Builder(ChatClient.builder(chatModel));
	}

	/**
	 * Return the agent's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Run the agent on a task.
	 * @param task what the agent should do
	 * @return the final answer and the run's totals
	 * @throws AgentMaxStepsExceededException when no answer came within the maximum
	 * number of steps
	 * @throws ai.infra.budget.AiBudgetExceededException when the run had spent its cost
	 * limit before its next model call, or its tenant its budget
	 */
	public AgentResult run(String task) {
		RunAccount account = new RunAccount(this.maxCost);
		ChatClient.ChatClientRequestSpec request = this.chatClient.prompt().user(task);
		if (StringUtils.hasText(this.persona)) {
			request = request.system(this.persona);
		}
		List<ToolCallback> tools = tools();
		if (!tools.isEmpty()) {
			request = request.toolCallbacks(tools);
		}
		ChatResponse response = request
			.advisors((advisors) -> advisors.advisors(this.stepAdvisor)
				.param(RequestParameters.AGENT_NAME, this.name)
				.param(RequestParameters.RUN_ACCOUNT, account))
			.call()
			.chatResponse();
		String answer = (response != null && response.getResult() != null)
				? response.getResult().getOutput().getText() : null;
		RunTotals totals = account.totals();
		return new AgentResult((answer != null) ? answer : "", totals.steps(), totals.promptTokens(),
				totals.completionTokens(), totals.cost());
	}

	// Providers are asked on every run: a provider such as ai-infra's @AiTool registry
	// may still be filling up while the application starts and agents are built.
	private List<ToolCallback> tools() {
		if (this.toolProviders.isEmpty()) {
			return this.tools;
		}
		List<ToolCallback> all = new ArrayList<>(this.tools);
		for (ToolCallbackProvider provider : this.toolProviders) {
			all.addAll(Arrays.asList(provider.getToolCallbacks()));
		}
		return all;
	}

	/**
	 * Builds an {@link AiAgent}.
	 */
	public static final class Builder {

		private final ChatClient.Builder chatClientBuilder;

		private String name = "agent";

		private @Nullable String persona;

		private final List<ToolCallback> tools = new ArrayList<>();

		private final List<ToolCallbackProvider> toolProviders = new ArrayList<>();

		private int maxSteps = DEFAULT_MAX_STEPS;

		private OptionalDouble maxCost = OptionalDouble.empty();

		private Builder(ChatClient.Builder chatClientBuilder) {
			Assert.notNull(chatClientBuilder, "'chatClientBuilder' must not be null");
			this.chatClientBuilder = chatClientBuilder;
		}

		/**
		 * Set the agent's name, used on spans and meters.
		 * @param name the name, a short fixed word
		 * @return this builder
		 */
		public Builder name(String name) {
			Assert.hasText(name, "'name' must not be empty");
			this.name = name;
			return this;
		}

		/**
		 * Set the persona, sent as the system prompt.
		 * @param persona who the agent is and how it works
		 * @return this builder
		 */
		public Builder persona(String persona) {
			this.persona = persona;
			return this;
		}

		/**
		 * Add the tools of objects: their {@code @AiTool} and {@code @Tool} methods, or
		 * the tools of a {@code ToolCallbackProvider} (asked again on every run).
		 * @param toolObjects the objects, usually Spring beans
		 * @return this builder
		 */
		public Builder tools(Object... toolObjects) {
			for (Object toolObject : toolObjects) {
				if (toolObject instanceof ToolCallbackProvider provider) {
					this.toolProviders.add(provider);
					continue;
				}
				this.tools.addAll(Arrays.asList(ToolCallbacks.from(toolObject)));
			}
			return this;
		}

		/**
		 * Add tool callbacks.
		 * @param toolCallbacks the callbacks
		 * @return this builder
		 */
		public Builder toolCallbacks(ToolCallback... toolCallbacks) {
			this.tools.addAll(Arrays.asList(toolCallbacks));
			return this;
		}

		/**
		 * Set how many steps (model calls) a run may take.
		 * @param maxSteps at least 1
		 * @return this builder
		 */
		public Builder maxSteps(int maxSteps) {
			Assert.isTrue(maxSteps >= 1, "'maxSteps' must be at least 1");
			this.maxSteps = maxSteps;
			return this;
		}

		/**
		 * Set how much a run may spend: once its model calls have cost this much, its next
		 * model call is not made and the run ends with
		 * {@link ai.infra.budget.AiBudgetExceededException}. Overrides
		 * {@code ai-infra.budget.per-run}. Only priced model calls count.
		 * @param usd the limit in US dollars, at least 0
		 * @return this builder
		 */
		public Builder maxCost(double usd) {
			Assert.isTrue(Double.isFinite(usd) && usd >= 0, "'maxCost' must be a finite amount of at least 0");
			this.maxCost = OptionalDouble.of(usd);
			return this;
		}

		/**
		 * Build the agent.
		 * @return the agent
		 */
		public AiAgent build() {
			return new AiAgent(this);
		}

	}

}
