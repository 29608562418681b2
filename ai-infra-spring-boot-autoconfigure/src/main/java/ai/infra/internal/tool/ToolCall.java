package ai.infra.internal.tool;

import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * State of one tool execution while it runs.
 */
final class ToolCall {

	private final String name;

	private final Span span;

	private final long startNanos;

	private volatile @Nullable Throwable error;

	ToolCall(String name, Span span, long startNanos) {
		this.name = name;
		this.span = span;
		this.startNanos = startNanos;
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

	@Nullable Throwable error() {
		return this.error;
	}

	void failed(Throwable error) {
		this.error = error;
	}

}
