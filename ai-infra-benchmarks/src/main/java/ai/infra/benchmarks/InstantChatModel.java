package ai.infra.benchmarks;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * A {@link ChatModel} that answers at once, without a network, but is observed exactly
 * as Spring AI's own models observe a call: the {@link ChatModelObservationContext} is
 * built with the prompt and provider, the {@code CHAT_MODEL_OPERATION} observation is
 * made with Spring AI's default convention, and the response, with usage and model name,
 * is set on the context before the observation stops. Whatever handlers the application
 * has therefore see what they would see with a real provider.
 */
public final class InstantChatModel implements ChatModel {

	private static final ChatModelObservationConvention DEFAULT_CONVENTION = new DefaultChatModelObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final ChatOptions defaultOptions = ToolCallingChatOptions.builder()
		.model(ScriptedResponses.REQUEST_MODEL)
		.build();

	private long calls;

	/**
	 * Create a model.
	 * @param observationRegistry where its calls are observed
	 */
	public InstantChatModel(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		// Real models merge their default options into the prompt first.
		Prompt request = (prompt.getOptions() != null) ? prompt
				: new Prompt(prompt.getInstructions(), this.defaultOptions);
		ChatModelObservationContext context = ChatModelObservationContext.builder()
			.prompt(request)
			.provider(ScriptedResponses.PROVIDER)
			.build();
		return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, DEFAULT_CONVENTION, () -> context, this.observationRegistry)
			.observe(() -> {
				this.calls++;
				ChatResponse response = ScriptedResponses.respond(request);
				context.setResponse(response);
				return response;
			});
	}

	@Override
	public ChatOptions getOptions() {
		return this.defaultOptions;
	}

	/**
	 * Return how many calls this model answered; read after the benchmark thread is done.
	 * @return the number of calls
	 */
	public long calls() {
		return this.calls;
	}

}
