package ai.infra.autoconfigure.tracing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code ai-infra.tracing.exporter} selects the given exporter.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnAiInfraExporterCondition.class)
@interface ConditionalOnAiInfraExporter {

	/**
	 * The exporter that must be selected.
	 * @return the exporter
	 */
	ExporterType value();

	/**
	 * The OTLP transports that match; empty for any.
	 * @return the transports
	 */
	OtlpProtocol[] protocol() default {};

}
