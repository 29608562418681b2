package ai.infra.internal.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * What a model or tool call learns from the observations it runs inside, found in one
 * walk up to the enclosing {@code ChatClient} request: the agent run it belongs to, and
 * the request's context maps (its advisor parameters), innermost first.
 */
public final class ObservationLineage {

	private static final ObservationLineage NONE = new ObservationLineage(null, List.of());

	private final @Nullable AgentRun agentRun;

	private final List<Map<String, Object>> requestContexts;

	private ObservationLineage(@Nullable AgentRun agentRun, List<Map<String, Object>> requestContexts) {
		this.agentRun = agentRun;
		this.requestContexts = requestContexts;
	}

	/**
	 * Walk up from an observation to the {@code ChatClient} request it belongs to.
	 * @param context the observation of a model or tool call
	 * @return what was found; nothing outside {@code ChatClient} requests
	 */
	public static ObservationLineage of(Observation.ContextView context) {
		ObservationView parent = context.getParentObservation();
		List<Map<String, Object>> requestContexts = null;
		while (parent != null) {
			Observation.ContextView view = parent.getContextView();
			if (view instanceof AdvisorObservationContext advisor) {
				requestContexts = add(requestContexts, advisor.getChatClientRequest().context());
			}
			else if (view instanceof ChatClientObservationContext chatClient) {
				requestContexts = add(requestContexts, chatClient.getRequest().context());
				return new ObservationLineage(view.get(AgentRun.class), requestContexts);
			}
			parent = view.getParentObservation();
		}
		return (requestContexts != null) ? new ObservationLineage(null, requestContexts) : NONE;
	}

	private static List<Map<String, Object>> add(@Nullable List<Map<String, Object>> list,
			Map<String, Object> requestContext) {
		List<Map<String, Object>> result = (list != null) ? list : new ArrayList<>(4);
		result.add(requestContext);
		return result;
	}

	/**
	 * Return the agent run the call belongs to.
	 * @return the run, or {@code null} outside agent runs
	 */
	public @Nullable AgentRun agentRun() {
		return this.agentRun;
	}

	/**
	 * Return a parameter of the request, as the innermost advisor saw it.
	 * @param key the parameter's key
	 * @return its value, or {@code null}
	 */
	public @Nullable Object parameter(String key) {
		for (Map<String, Object> requestContext : this.requestContexts) {
			Object value = requestContext.get(key);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	/**
	 * Return whether the request opted out of ai-infra's spans.
	 * @return whether tracing is disabled for it
	 */
	public boolean isTracingDisabled() {
		return Boolean.TRUE.equals(parameter(RequestParameters.TRACING_DISABLED));
	}

}
