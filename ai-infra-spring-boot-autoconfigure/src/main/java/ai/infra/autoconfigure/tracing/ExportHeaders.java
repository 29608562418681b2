package ai.infra.autoconfigure.tracing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;

import org.springframework.core.env.Environment;

/**
 * The headers of {@code ai-infra.tracing.headers}, checked before any export: a name or
 * value the exporters' HTTP clients reject would otherwise fail every export.
 */
final class ExportHeaders {

	private static final String PROPERTY = AiInfraTracingProperties.PREFIX + "headers";

	private static final String EXAMPLE = PROPERTY + ".Authorization=Bearer my-token";

	// RFC 9110 token characters, and visible ASCII with spaces and tabs.
	private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private static final Pattern VALUE = Pattern.compile("[\\t\\x20-\\x7E]*");

	private ExportHeaders() {
	}

	/**
	 * Check the headers.
	 * @param headers the configured headers
	 * @param environment the environment, for the origin of a bad value
	 * @return the headers, values never {@code null}
	 * @throws InvalidAiInfraPropertyException for a header no HTTP client can send
	 */
	static Map<String, String> resolve(Map<String, String> headers, Environment environment) {
		Map<String, String> checked = new LinkedHashMap<>();
		headers.forEach((name, configured) -> {
			if (!NAME.matcher(name).matches()) {
				throw new InvalidAiInfraPropertyException(PROPERTY, name,
						"this is not a valid HTTP header name; use letters, digits and - only", EXAMPLE);
			}
			String value = (configured != null) ? configured : "";
			if (!VALUE.matcher(value).matches()) {
				throw new InvalidAiInfraPropertyException(PROPERTY + "." + name, value,
						"an HTTP header value must be printable ASCII, without line breaks or other control "
								+ "characters; encode other text, for example in Base64",
						EXAMPLE)
					.locatedIn(environment);
			}
			checked.put(name, value);
		});
		return checked;
	}

}
