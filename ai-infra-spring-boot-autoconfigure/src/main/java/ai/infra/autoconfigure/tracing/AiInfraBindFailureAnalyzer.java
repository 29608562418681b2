package ai.infra.autoconfigure.tracing;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Explains an {@code ai-infra.*} value that cannot even be converted to its type (for
 * example a sample rate that is not a number), with a valid example. Other binding
 * failures are left to Boot's analyzer.
 */
class AiInfraBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final Map<String, String> EXAMPLES = Map.of("ai-infra.tracing.sample-rate",
			"ai-infra.tracing.sample-rate=0.25", "ai-infra.tracing.enabled", "ai-infra.tracing.enabled=false");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null || !property.getName().toString().startsWith("ai-infra.")) {
			return null;
		}
		String name = property.getName().toString();
		Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(cause.getTarget().getType().toClass());
		String example = EXAMPLES.getOrDefault(name, name + "=" + exampleValue(type));
		String origin = (property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "";
		String description = String.format("Invalid value '%s' for property '%s'%s:%n%n    %s", property.getValue(),
				name, origin, reason(type, cause));
		String action = String.format("Update property '%s' in your configuration, for example:%n%n    %s", name,
				example);
		return new FailureAnalysis(description, action, cause);
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
		// Before Boot's generic BindFailureAnalyzer, which would not give an example.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
