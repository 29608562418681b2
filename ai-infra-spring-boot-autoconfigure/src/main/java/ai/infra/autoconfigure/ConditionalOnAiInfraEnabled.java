package ai.infra.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless {@code ai-infra.tracing.enabled} (or the
 * {@code AI_INFRA_TRACING_ENABLED} variable) is {@code false}: the one switch that turns
 * all of ai-infra's spans, meters, exporters and aspects off.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnBooleanProperty(name = ConditionalOnAiInfraEnabled.PROPERTY, matchIfMissing = true)
public @interface ConditionalOnAiInfraEnabled {

	/**
	 * The property that switches ai-infra on and off.
	 */
	String PROPERTY = "ai-infra.tracing.enabled";

}
