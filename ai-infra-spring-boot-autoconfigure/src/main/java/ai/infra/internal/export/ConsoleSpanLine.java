package ai.infra.internal.export;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ai.infra.internal.observation.AiAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import org.jspecify.annotations.Nullable;

/**
 * One span as one compact line: name, then what a reader looks for first (model or
 * agent, tokens, cost), the duration, {@code ERROR} with the error type and message
 * when the span failed, then the remaining attributes, without those that repeat what the
 * line already shows. Only values already on the span are shown, and never the captured
 * prompts and completions, which would not fit on a line.
 */
final class ConsoleSpanLine {

	private static final int MAX_VALUE_LENGTH = 120;

	private static final MathContext COST_DIGITS = new MathContext(4);

	// Shown in their own form, already in the span's name or duration, or (the provider)
	// implied by the model. The gen_ai.* keys repeat the ai.* ones or hold the captured
	// messages, which do not fit on a line.
	private static final Set<String> SUMMARIZED = Set.of(AiAttributes.PROVIDER.getKey(), AiAttributes.MODEL.getKey(),
			AiAttributes.PROMPT_TOKENS.getKey(), AiAttributes.COMPLETION_TOKENS.getKey(),
			AiAttributes.TOTAL_TOKENS.getKey(), AiAttributes.COST.getKey(), AiAttributes.DURATION_MS.getKey(),
			AiAttributes.STREAM.getKey(), AiAttributes.TIME_TO_FIRST_TOKEN_MS.getKey(),
			AiAttributes.AGENT_NAME.getKey(), AiAttributes.AGENT_STEPS.getKey(), AiAttributes.AGENT_STEP.getKey(),
			AiAttributes.TOOL_NAME.getKey(), AiAttributes.TOOL_DURATION_MS.getKey(), ErrorAttributes.ERROR_TYPE.getKey());

	private static final String GEN_AI_PREFIX = "gen_ai.";

	// Boot's HTTP server and client spans repeat their method and path in their names;
	// of their tags only the status is worth the room.
	private static final Set<String> HTTP_DETAILS = Set.of("method", "uri", "http.url", "outcome", "exception", "host",
			"client.name", "target.scheme", "target.host", "target.port");

	// Micrometer's value for a tag that does not apply.
	private static final String NONE = "none";

	private ConsoleSpanLine() {
	}

	/**
	 * Format a span without its ids.
	 * @param span the finished span
	 * @return the line
	 */
	static String format(SpanData span) {
		Attributes attributes = span.getAttributes();
		List<String> parts = new ArrayList<>();
		parts.add(span.getName());
		addIfPresent(parts, attributes.get(AiAttributes.MODEL));
		addIfPresent(parts, attributes.get(AiAttributes.AGENT_NAME));
		Long steps = attributes.get(AiAttributes.AGENT_STEPS);
		if (steps != null) {
			parts.add(steps + ((steps == 1) ? " step" : " steps"));
		}
		Long total = attributes.get(AiAttributes.TOTAL_TOKENS);
		if (total != null) {
			parts.add(tokens(total, attributes.get(AiAttributes.PROMPT_TOKENS),
					attributes.get(AiAttributes.COMPLETION_TOKENS)));
		}
		Double cost = attributes.get(AiAttributes.COST);
		if (cost != null) {
			parts.add(cost(cost));
		}
		parts.add(duration(span.getEndEpochNanos() - span.getStartEpochNanos()));
		if (Boolean.TRUE.equals(attributes.get(AiAttributes.STREAM))) {
			Long firstToken = attributes.get(AiAttributes.TIME_TO_FIRST_TOKEN_MS);
			parts.add((firstToken != null) ? String.format(Locale.ROOT, "stream, first token after %,d ms", firstToken)
					: "stream");
		}
		if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
			parts.add(error(span));
		}
		attributes.forEach((key, value) -> {
			if (isShown(key.getKey(), value)) {
				parts.add(key.getKey() + "=" + shortened(String.valueOf(value)));
			}
		});
		return String.join(" ", parts);
	}

	private static boolean isShown(String key, Object value) {
		return !SUMMARIZED.contains(key) && !key.startsWith(GEN_AI_PREFIX) && !HTTP_DETAILS.contains(key)
				&& !NONE.equals(value);
	}

	/**
	 * Tell which trace a span belongs to and, when its parent is elsewhere, which parent.
	 * @param span the span
	 * @return for example {@code [trace 4bf92f3577b34da6a3ce929d0e0e4736]}
	 */
	static String where(SpanData span) {
		String parent = span.getParentSpanId();
		return SpanId.isValid(parent) ? "[trace " + span.getTraceId() + " parent " + parent + "]"
				: "[trace " + span.getTraceId() + "]";
	}

	private static void addIfPresent(List<String> parts, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			parts.add(value);
		}
	}

	static String tokens(long total, @Nullable Long prompt, @Nullable Long completion) {
		String line = String.format(Locale.ROOT, "%,d tok", total);
		if (prompt != null && completion != null) {
			line += String.format(Locale.ROOT, " (%,d in, %,d out)", prompt, completion);
		}
		return line;
	}

	static String cost(double dollars) {
		if (dollars == 0.0 || !Double.isFinite(dollars)) {
			return "$" + ((dollars == 0.0) ? "0" : dollars);
		}
		return "$" + new BigDecimal(Double.toString(dollars)).round(COST_DIGITS).stripTrailingZeros().toPlainString();
	}

	static String duration(long nanos) {
		double millis = Math.max(0, nanos) / 1_000_000.0;
		if (millis < 10) {
			return String.format(Locale.ROOT, "%.1f ms", millis);
		}
		if (millis < 10_000) {
			return String.format(Locale.ROOT, "%,d ms", Math.round(millis));
		}
		return String.format(Locale.ROOT, "%.1f s", millis / 1000);
	}

	private static String error(SpanData span) {
		String line = "ERROR";
		String type = span.getAttributes().get(ErrorAttributes.ERROR_TYPE);
		if (type != null) {
			line += " error.type=" + type;
		}
		String description = span.getStatus().getDescription();
		if (description != null && !description.isBlank() && !description.equals(type)) {
			line += " \"" + shortened(description) + "\"";
		}
		return line;
	}

	private static String shortened(String value) {
		String oneLine = value.replaceAll("\\s+", " ").strip();
		return (oneLine.length() <= MAX_VALUE_LENGTH) ? oneLine : oneLine.substring(0, MAX_VALUE_LENGTH - 1) + "…";
	}

}
