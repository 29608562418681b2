package ai.infra.autoconfigure;

import java.time.Duration;
import java.util.Map;

import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OtlpProtocol;
import ai.infra.internal.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Explains an {@code ai-infra.*} value that cannot be bound (for example a sample rate
 * that is not a number, or an unknown exporter), naming the property, the value as
 * written, where it was set and a valid example. A value rejected while binding with an
 * {@link InvalidAiInfraPropertyException} keeps that exception's reason and example.
 * Other binding failures are left to Boot's analyzer.
 */
class AiInfraBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final Map<String, String> EXAMPLES = Map.of("ai-infra.tracing.sample-rate",
			"ai-infra.tracing.sample-rate=0.25", "ai-infra.tracing.enabled", "ai-infra.tracing.enabled=false");

	private static final Map<Class<?>, String[]> ENUMS = Map.of(ExporterType.class,
			new String[] { "unknown exporter; choose from " + ExporterType.ids(),
					"ai-infra.tracing.exporter=otlp,console" },
			OtlpProtocol.class,
			new String[] { "unknown OTLP protocol; choose grpc or http/protobuf",
					"ai-infra.tracing.protocol=http/protobuf" },
			Propagator.class, new String[] { "unknown propagator; choose from " + Propagator.ids(),
					"ai-infra.tracing.propagators=tracecontext,baggage" });

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null || !property.getName().toString().startsWith("ai-infra.")) {
			return null;
		}
		String name = property.getName().toString();
		Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(elementType(cause.getTarget().getType()));
		InvalidAiInfraPropertyException invalid = findCause(cause, InvalidAiInfraPropertyException.class);
		String[] known = ENUMS.get(type);
		String reason = (invalid != null) ? invalid.getReason() : (known != null) ? known[0] : reason(type, cause);
		String example = (invalid != null) ? invalid.getExample() : (known != null) ? known[1]
				: EXAMPLES.getOrDefault(name, name + "=" + exampleValue(type));
		String origin = (property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "";
		String description = String.format("Invalid value '%s' for property '%s'%s:%n%n    %s", property.getValue(),
				name, origin, reason);
		String action = String.format("Update property '%s' in your configuration, for example:%n%n    %s", name,
				example);
		return new FailureAnalysis(description, action, cause);
	}

	private static Class<?> elementType(ResolvableType type) {
		if (type.isArray()) {
			return type.getComponentType().toClass();
		}
		if (type.asCollection() != ResolvableType.NONE) {
			return type.asCollection().resolveGeneric(0);
		}
		return type.toClass();
	}

	private static String reason(Class<?> type, BindException cause) {
		if (type == Boolean.class) {
			return "the value must be true or false";
		}
		if (Number.class.isAssignableFrom(type)) {
			return "the value must be a number";
		}
		if (type == Duration.class) {
			return "the value must be a duration, such as 30s, 500ms or 2m";
		}
		Throwable reason = (cause.getCause() != null) ? cause.getCause() : cause;
		while (reason.getCause() != null) {
			reason = reason.getCause();
		}
		return reason.getMessage();
	}

	private static String exampleValue(Class<?> type) {
		if (type == Boolean.class) {
			return "true";
		}
		if (type == Integer.class || type == Long.class) {
			return "1024";
		}
		if (Number.class.isAssignableFrom(type)) {
			return "2.5";
		}
		if (type == Duration.class) {
			return "30s";
		}
		return "<value>";
	}

	@Override
	public int getOrder() {
		// Before Boot's generic BindFailureAnalyzer, which would not give an example, and
		// before InvalidAiInfraPropertyFailureAnalyzer, which would not know the origin.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
