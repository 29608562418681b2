package ai.infra.autoconfigure.tracing;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code ai-infra.tracing.propagators} is set, in either list or indexed
 * form, so that Boot's own propagation settings apply otherwise.
 */
class OnPropagatorsConfiguredCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean bound = Binder.get(context.getEnvironment())
			.bind("ai-infra.tracing.propagators", Bindable.listOf(String.class))
			.isBound();
		return bound ? ConditionOutcome.match("ai-infra.tracing.propagators is set")
				: ConditionOutcome.noMatch("ai-infra.tracing.propagators is not set");
	}

}
