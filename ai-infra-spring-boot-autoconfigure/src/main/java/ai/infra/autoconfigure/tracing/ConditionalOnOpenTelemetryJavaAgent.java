package ai.infra.autoconfigure.tracing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the OpenTelemetry Java agent is attached to the JVM, or, with
 * {@code attached = false}, when it is not.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnOpenTelemetryJavaAgentCondition.class)
@interface ConditionalOnOpenTelemetryJavaAgent {

	/**
	 * Whether the agent must be attached for the condition to match.
	 * @return whether the agent must be attached
	 */
	boolean attached() default true;

}
