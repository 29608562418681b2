package ai.infra.autoconfigure.logging;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.logging.LogLevel;

/**
 * Configuration properties for ai-infra's console logging. They are applied before the
 * logging system starts, by {@link AiInfraLoggingEnvironmentPostProcessor}.
 */
@ConfigurationProperties("ai-infra.logging")
public class AiInfraLoggingProperties {

	/**
	 * Console log format: text keeps Spring Boot's pattern, with trace and span ids, and
	 * json writes one JSON object per line with trace_id and span_id.
	 */
	private Format format = Format.TEXT;

	/**
	 * Level of the root logger, for example info; when unset, logging.level.root applies.
	 */
	private @Nullable LogLevel level;

	public Format getFormat() {
		return this.format;
	}

	public void setFormat(Format format) {
		this.format = format;
	}

	public @Nullable LogLevel getLevel() {
		return this.level;
	}

	public void setLevel(@Nullable LogLevel level) {
		this.level = level;
	}

	/**
	 * Console log formats.
	 */
	public enum Format {

		/**
		 * Spring Boot's console pattern.
		 */
		TEXT,

		/**
		 * One JSON object per line.
		 */
		JSON

	}

}
