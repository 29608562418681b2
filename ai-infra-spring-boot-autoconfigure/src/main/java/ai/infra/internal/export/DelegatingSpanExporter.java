package ai.infra.internal.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Base of the exporters that wrap another: they change how a batch is exported, and
 * leave flushing and shutting down to the exporter they wrap.
 */
abstract class DelegatingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	DelegatingSpanExporter(SpanExporter delegate) {
		this.delegate = delegate;
	}

	/**
	 * Return the exporter this one wraps.
	 * @return the wrapped exporter
	 */
	public SpanExporter getDelegate() {
		return this.delegate;
	}

	@Override
	public final CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public final CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "{" + this.delegate + "}";
	}

}
