package ai.infra.autoconfigure.tracing;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches {@link ConditionalOnOpenTelemetryJavaAgent} against whether the agent is
 * attached, as {@link OpenTelemetryJavaAgent} sees it through the context's class loader.
 */
class OnOpenTelemetryJavaAgentCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata
			.getAnnotationAttributes(ConditionalOnOpenTelemetryJavaAgent.class.getName());
		boolean required = (attributes == null) || (Boolean) attributes.get("attached");
		boolean attached = OpenTelemetryJavaAgent.isAttached(context.getClassLoader());
		String found = attached ? "the OpenTelemetry Java agent is attached"
				: "the OpenTelemetry Java agent is not attached";
		return (attached == required) ? ConditionOutcome.match(found) : ConditionOutcome.noMatch(found);
	}

}
