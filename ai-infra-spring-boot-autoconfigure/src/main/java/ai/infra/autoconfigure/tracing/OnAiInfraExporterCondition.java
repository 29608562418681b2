package ai.infra.autoconfigure.tracing;

import java.util.List;
import java.util.Map;

import ai.infra.internal.export.ExportTarget;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code ai-infra.tracing.exporter} selects the exporter (and, for OTLP,
 * the transport) named by {@link ConditionalOnAiInfraExporter}. An invalid setting does
 * not match; {@link AiInfraTracingSettings} reports it when the context starts.
 */
class OnAiInfraExporterCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata
			.getAnnotationAttributes(ConditionalOnAiInfraExporter.class.getName());
		ExporterType type = (ExporterType) attributes.get("value");
		OtlpProtocol[] protocols = (OtlpProtocol[]) attributes.get("protocol");
		ExportTarget target = findTarget(context.getEnvironment(), type);
		if (target == null) {
			return ConditionOutcome.noMatch("ai-infra exporter '" + type.id() + "' is not selected");
		}
		if (protocols.length > 0 && !List.of(protocols).contains(target.protocol())) {
			return ConditionOutcome.noMatch("ai-infra exporter '" + type.id() + "' uses " + target.protocol());
		}
		return ConditionOutcome.match("ai-infra exporter '" + type.id() + "' is selected");
	}

	private ExportTarget findTarget(Environment environment, ExporterType type) {
		try {
			AiInfraTracingProperties properties = Binder.get(environment)
				.bindOrCreate("ai-infra.tracing", AiInfraTracingProperties.class);
			return AiInfraTracingSettings.resolve(properties, environment).exportTarget(type);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
