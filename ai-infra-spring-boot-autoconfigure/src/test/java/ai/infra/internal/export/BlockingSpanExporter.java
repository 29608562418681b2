package ai.infra.internal.export;

import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter that holds the span processor's worker in its first export until
 * released, so that the processor's queue fills up.
 */
public final class BlockingSpanExporter implements SpanExporter {

	private final CountDownLatch exporting = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private volatile int exported;

	/**
	 * Wait until the first export has begun.
	 * @return whether it began within ten seconds
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitExporting() throws InterruptedException {
		return this.exporting.await(10, TimeUnit.SECONDS);
	}

	/**
	 * Let every export complete.
	 */
	public void release() {
		this.release.countDown();
	}

	/**
	 * Return how many spans were exported.
	 * @return the number of spans
	 */
	public int exported() {
		return this.exported;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		this.exporting.countDown();
		try {
			this.release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.exported += spans.size();
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
