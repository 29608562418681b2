package ai.infra.internal.observation;

/**
 * Keys of the {@code ChatClient} request context (advisor parameters) through which a
 * request tells ai-infra's observation handlers about itself.
 */
public final class RequestParameters {

	/**
	 * {@code true} leaves the request without ai-infra spans.
	 */
	public static final String TRACING_DISABLED = "ai-infra.tracing.disabled";

	/**
	 * Name of the agent a request runs for; a request with it is an agent run.
	 */
	public static final String AGENT_NAME = "ai-infra.agent.name";

	/**
	 * The {@link RunAccount} an agent run is to be recorded in.
	 */
	public static final String RUN_ACCOUNT = RunAccount.class.getName();

	/**
	 * Agent name of a {@code ChatClient} request that runs a tool loop without a name.
	 */
	public static final String DEFAULT_AGENT_NAME = "chat_client";

	private RequestParameters() {
	}

}
