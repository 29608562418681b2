package ai.infra.internal.export;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.export.OutageReportingSpanExporterTests.CountingDroppedSpans;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueueFullSpansMeterProvider}, driven by the SDK's real
 * {@link BatchSpanProcessor}.
 */
class QueueFullSpansMeterProviderTests {

	private final CountingDroppedSpans dropped = new CountingDroppedSpans();

	private final QueueFullSpansMeterProvider meterProvider = new QueueFullSpansMeterProvider(this.dropped);

	@Test
	void shouldCountSpansTheBatchSpanProcessorDropsWhenItsQueueIsFull() throws InterruptedException {
		BlockingSpanExporter exporter = new BlockingSpanExporter();
		BatchSpanProcessor processor = BatchSpanProcessor.builder(exporter)
			.setMaxQueueSize(2)
			.setMaxExportBatchSize(1)
			.setScheduleDelay(Duration.ofMillis(1))
			.setMeterProvider(this.meterProvider)
			.build();
		try (SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
			Tracer tracer = tracerProvider.get("test");
			tracer.spanBuilder("first").startSpan().end();
			assertThat(exporter.awaitExporting()).isTrue();
			// The first span is being exported: two fit in the queue, three do not.
			for (int i = 0; i < 5; i++) {
				tracer.spanBuilder("more").startSpan().end();
			}
			assertThat(this.dropped.queueFull).hasValue(3);
			exporter.release();
			assertThat(tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
			// Exported spans are recorded with dropped=false and are not counted.
			assertThat(exporter.exported()).isEqualTo(3);
			assertThat(this.dropped.queueFull).hasValue(3);
			assertThat(this.dropped.exportFailed).hasValue(0);
		}
	}

	@Test
	void shouldIgnoreEveryOtherMeterAndInstrument() {
		Attributes droppedSpans = Attributes.of(QueueFullSpansMeterProvider.DROPPED, true);
		this.meterProvider.get("io.opentelemetry.exporters.otlp-http")
			.counterBuilder(QueueFullSpansMeterProvider.PROCESSED_SPANS)
			.build()
			.add(7, droppedSpans);
		this.meterProvider.get(QueueFullSpansMeterProvider.PROCESSOR_METER).counterBuilder("otherSpans").build().add(7,
				droppedSpans);
		this.meterProvider.get(QueueFullSpansMeterProvider.PROCESSOR_METER)
			.gaugeBuilder("queueSize")
			.ofLongs()
			.buildWithCallback((measurement) -> measurement.record(7));
		assertThat(this.dropped.queueFull).hasValue(0);
	}

}
