package ai.infra.internal.export;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reports the health of a network exporter: one warning when its endpoint starts failing,
 * one message when it recovers with what the outage cost, and the spans of every failed
 * export to a counter, instead of one log line per failed batch.
 * <p>
 * It also keeps at most one export in flight. The batch span processor stops waiting
 * for an export after its own timeout and moves on, while the exporter may go on
 * waiting for an endpoint that never answers; without this limit every later batch
 * would queue up behind it, each holding its spans, and memory would no longer be
 * bounded by the processor's queue. A batch that arrives while the previous export is
 * still unanswered is therefore dropped and counted as failed.
 */
public final class OutageReportingSpanExporter extends DelegatingSpanExporter {

	private static final Log logger = LogFactory.getLog(OutageReportingSpanExporter.class);

	private final String endpoint;

	private final DroppedSpans droppedSpans;

	private final AtomicBoolean exportInFlight = new AtomicBoolean();

	private final Object monitor = new Object();

	private volatile @Nullable Outage outage;

	/**
	 * Create an exporter.
	 * @param delegate the network exporter
	 * @param endpoint where the delegate sends, for the log; user information and query
	 * are left out
	 * @param droppedSpans told the number of spans of every failed export
	 */
	public OutageReportingSpanExporter(SpanExporter delegate, URI endpoint, DroppedSpans droppedSpans) {
		super(delegate);
		this.endpoint = withoutCredentials(endpoint);
		this.droppedSpans = droppedSpans;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		int count = spans.size();
		if (!this.exportInFlight.compareAndSet(false, true)) {
			failed(count, "the previous export has had no answer within the export timeout");
			return CompletableResultCode.ofFailure();
		}
		CompletableResultCode result;
		try {
			result = getDelegate().export(spans);
		}
		catch (RuntimeException ex) {
			this.exportInFlight.set(false);
			failed(count, ExportFailures.describe(ex));
			return CompletableResultCode.ofExceptionalFailure(ex);
		}
		result.whenComplete(() -> {
			this.exportInFlight.set(false);
			if (result.isSuccess()) {
				succeeded();
			}
			else {
				failed(count, ExportFailures.describe(result.getFailureThrowable()));
			}
		});
		return result;
	}

	private void failed(int spans, String cause) {
		this.droppedSpans.exportFailed(spans);
		boolean started;
		synchronized (this.monitor) {
			Outage current = this.outage;
			started = (current == null);
			if (started) {
				current = new Outage(System.nanoTime());
				this.outage = current;
			}
			current.batches++;
			current.spans += spans;
		}
		if (started) {
			logger.warn("Spans cannot be exported to " + this.endpoint + " (" + cause + "); they are dropped and "
					+ "counted in ai.tracing.spans.dropped until the endpoint recovers");
		}
	}

	private void succeeded() {
		if (this.outage == null) {
			return;
		}
		Outage ended;
		synchronized (this.monitor) {
			ended = this.outage;
			this.outage = null;
		}
		if (ended != null) {
			Duration duration = Duration.ofNanos(System.nanoTime() - ended.startNanos);
			logger.info(String.format(Locale.ROOT,
					"Span export to %s recovered after %.1f s; %d batch(es) with %d span(s) were lost during the outage",
					this.endpoint, duration.toMillis() / 1000.0, ended.batches, ended.spans));
		}
	}

	private static String withoutCredentials(URI endpoint) {
		String port = (endpoint.getPort() != -1) ? ":" + endpoint.getPort() : "";
		String path = (endpoint.getRawPath() != null) ? endpoint.getRawPath() : "";
		return endpoint.getScheme() + "://" + endpoint.getHost() + port + path;
	}

	private static final class Outage {

		private final long startNanos;

		private long batches;

		private long spans;

		private Outage(long startNanos) {
			this.startNanos = startNanos;
		}

	}

}
