package ai.infra.internal.tool;

import ai.infra.internal.metrics.Attribution;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * State of one tool execution while it runs.
 */
final class ToolCall {

	private final String name;

	private final Span span;

	private final long startNanos;

	private final Attribution attribution;

	private volatile @Nullable Throwable error;

	ToolCall(String name, Span span, long startNanos, Attribution attribution) {
		this.name = name;
		this.span = span;
		this.startNanos = startNanos;
		this.attribution = attribution;
	}

	String name() {
		return this.name;
	}

	Span span() {
		return this.span;
	}

	long startNanos() {
		return this.startNanos;
	}

	Attribution attribution() {
		return this.attribution;
	}

	@Nullable Throwable error() {
		return this.error;
	}

	void failed(Throwable error) {
		this.error = error;
	}

}
