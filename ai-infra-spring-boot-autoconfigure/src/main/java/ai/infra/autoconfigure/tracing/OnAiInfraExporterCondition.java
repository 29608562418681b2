package ai.infra.autoconfigure.tracing;

import java.net.URI;
import java.util.List;
import java.util.Map;

import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code ai-infra.tracing.exporter} selects the exporter (and, for OTLP,
 * the transport) named by {@link ConditionalOnAiInfraExporter}. Binds only the exporter
 * list and, for a transport, the protocol and the endpoints it may be derived from. An
 * invalid setting does not match; {@link ExportTargets} reports it when the context
 * starts.
 */
class OnAiInfraExporterCondition extends SpringBootCondition implements ConfigurationCondition {

	private static final String PREFIX = AiInfraTracingProperties.PREFIX;

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		// Registration phase, so that an OtlpTracingConnectionDetails bean is visible.
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata
			.getAnnotationAttributes(ConditionalOnAiInfraExporter.class.getName());
		ExporterType type = (ExporterType) attributes.get("value");
		OtlpProtocol[] protocols = (OtlpProtocol[]) attributes.get("protocol");
		Binder binder = Binder.get(context.getEnvironment());
		try {
			List<ExporterType> selected = ExportTargets.selected(binder
				.bind(PREFIX + "exporter", Bindable.<@Nullable ExporterType>listOf(ExporterType.class))
				.orElse(List.of(ExporterType.OTLP)));
			if (!selected.contains(type)) {
				return ConditionOutcome.noMatch("ai-infra exporter '" + type.id() + "' is not selected");
			}
			if (protocols.length == 0) {
				return ConditionOutcome.match("ai-infra exporter '" + type.id() + "' is selected");
			}
			OtlpProtocol protocol = protocol(type, binder, context);
			return List.of(protocols).contains(protocol)
					? ConditionOutcome.match("ai-infra exporter '" + type.id() + "' uses " + protocol.id())
					: ConditionOutcome.noMatch("ai-infra exporter '" + type.id() + "' uses " + protocol.id());
		}
		catch (RuntimeException ex) {
			return ConditionOutcome.noMatch("ai-infra exporter settings are invalid: " + ex.getMessage());
		}
	}

	private static OtlpProtocol protocol(ExporterType type, Binder binder, ConditionContext context) {
		OtlpProtocol configured = binder.bind(PREFIX + "protocol", OtlpProtocol.class).orElse(null);
		String endpoint = text(binder.bind(PREFIX + type.id() + ".endpoint", String.class).orElse(null));
		if (endpoint == null) {
			endpoint = text(binder.bind(PREFIX + "endpoint", String.class).orElse(null));
		}
		Environment environment = context.getEnvironment();
		if (endpoint == null && type == ExporterType.OTLP && hasBootEndpoint(context)) {
			return BootOtlpEndpoint.protocol(configured, BootOtlpEndpoint.transport(environment));
		}
		if (endpoint == null && type == ExporterType.OTLP) {
			endpoint = text(environment.getProperty(ExportTargets.OTEL_EXPORTER_OTLP_ENDPOINT));
		}
		URI uri = URI.create((endpoint != null) ? endpoint : type.defaultEndpoint());
		return ExportEndpoints.protocolFor(configured, uri);
	}

	private static boolean hasBootEndpoint(ConditionContext context) {
		if (context.getEnvironment().containsProperty(BootOtlpEndpoint.ENDPOINT)) {
			return true;
		}
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		return beanFactory != null
				&& beanFactory.getBeanNamesForType(OtlpTracingConnectionDetails.class, true, false).length > 0;
	}

	private static @Nullable String text(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

}
