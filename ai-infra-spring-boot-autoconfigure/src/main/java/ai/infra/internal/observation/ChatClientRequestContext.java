package ai.infra.internal.observation;

import ai.infra.llm.LlmTracing;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * Reads the context map of the {@code ChatClient} request a model call belongs to. The
 * model call's observation runs inside the observations of the request's advisors and of
 * the request itself, which carry the request and so its advisor parameters.
 */
public final class ChatClientRequestContext {

	private ChatClientRequestContext() {
	}

	public static @Nullable Object find(Observation.ContextView context, String key) {
		ObservationView parent = context.getParentObservation();
		while (parent != null) {
			Observation.ContextView view = parent.getContextView();
			Map<String, Object> requestContext = requestContext(view);
			if (requestContext != null && requestContext.containsKey(key)) {
				return requestContext.get(key);
			}
			if (view instanceof ChatClientObservationContext) {
				return null;
			}
			parent = view.getParentObservation();
		}
		return null;
	}

	public static boolean isTracingDisabled(Observation.ContextView context) {
		return Boolean.TRUE.equals(find(context, LlmTracing.DISABLED));
	}

	private static @Nullable Map<String, Object> requestContext(Observation.ContextView view) {
		if (view instanceof AdvisorObservationContext advisor) {
			return advisor.getChatClientRequest().context();
		}
		if (view instanceof ChatClientObservationContext chatClient) {
			return chatClient.getRequest().context();
		}
		return null;
	}

}
