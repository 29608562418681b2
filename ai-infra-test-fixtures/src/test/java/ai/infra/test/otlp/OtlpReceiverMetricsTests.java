package ai.infra.test.otlp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the metrics side of {@link OtlpReceiver}, driven by Micrometer's OTLP
 * registry and by the OpenTelemetry SDK's OTLP metric exporters.
 */
class OtlpReceiverMetricsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");

	private OtlpReceiver receiver;

	private OtlpMeterRegistry registry;

	@BeforeEach
	void startReceiver() {
		this.receiver = OtlpReceiver.start();
	}

	@AfterEach
	void stopReceiver() {
		// MeterRegistry is not AutoCloseable, so tests that start one leave it to this
		// method; closing it first stops its publishing thread before the receiver goes
		if (this.registry != null) {
			this.registry.close();
		}
		this.receiver.close();
	}

	@Test
	void shouldReceiveMicrometerCounterWithTagsAsMonotonicSumOverHttp() {
		OtlpMeterRegistry registry = startMicrometerRegistry();
		Counter.builder("ai.llm.requests")
			.description("LLM requests")
			.tag("model", "gpt-test")
			.tag("outcome", "success")
			.register(registry)
			.increment(3);
		Counter.builder("ai.llm.requests")
			.description("LLM requests")
			.tag("model", "gpt-test")
			.tag("outcome", "error")
			.register(registry)
			.increment();
		// Micrometer pushes every step, so wait for the export that carries both
		// increments rather than the first one
		ReceivedMetric metric = this.receiver.awaitMetric("ai.llm.requests",
				(candidate) -> candidate.dataPoints().size() == 2, TIMEOUT);
		assertThat(metric.type()).isEqualTo(ReceivedMetric.SUM);
		assertThat(metric.monotonic()).isTrue();
		assertThat(metric.temporality()).isEqualTo("cumulative");
		assertThat(metric.description()).isEqualTo("LLM requests");
		// A counter without a base unit is exported without one
		assertThat(metric.unit()).isEmpty();
		assertThat(metric.transport()).isEqualTo(ReceivedSpan.HTTP);
		assertThat(metric.serviceName()).isEqualTo("micrometer-service");
		assertThat(metric.resourceAttributes()).containsEntry("telemetry.sdk.name", "io.micrometer");
		ReceivedMetric.DataPoint success = metric.dataPoint(Map.of("outcome", "success"));
		assertThat(success.attributes()).containsExactlyInAnyOrderEntriesOf(
				Map.of("model", "gpt-test", "outcome", "success"));
		assertThat(success.value()).isEqualTo(3.0);
		assertThat(metric.dataPoint(Map.of("model", "gpt-test", "outcome", "error")).value()).isEqualTo(1.0);
		assertThat(metric.dataPoint(Map.of("outcome", "timeout"))).isNull();
	}

	@Test
	void shouldReceiveMicrometerTimerAsMillisecondHistogramWithSloBuckets() {
		OtlpMeterRegistry registry = startMicrometerRegistry();
		Timer timer = Timer.builder("ai.llm.duration")
			.tag("model", "gpt-test")
			.serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500))
			.register(registry);
		timer.record(Duration.ofMillis(50));
		timer.record(Duration.ofMillis(300));
		timer.record(Duration.ofSeconds(1));
		ReceivedMetric metric = this.receiver.awaitMetric("ai.llm.duration",
				(candidate) -> candidate.dataPoints().stream().anyMatch((point) -> point.count() == 3), TIMEOUT);
		assertThat(metric.type()).isEqualTo(ReceivedMetric.HISTOGRAM);
		assertThat(metric.monotonic()).isFalse();
		assertThat(metric.temporality()).isEqualTo("cumulative");
		// Micrometer spells out its base time unit instead of using the UCUM "ms"
		assertThat(metric.unit()).isEqualTo("milliseconds");
		assertThat(metric.dataPoints()).singleElement().satisfies((point) -> {
			assertThat(point.attributes()).containsExactlyEntriesOf(Map.of("model", "gpt-test"));
			assertThat(point.value()).isEqualTo(1350.0);
			assertThat(point.count()).isEqualTo(3);
			assertThat(point.explicitBounds()).containsExactly(100.0, 500.0);
			assertThat(point.bucketCounts()).containsExactly(1L, 1L, 1L);
			assertThat(point.buckets()).containsExactly(Map.entry(100.0, 1L), Map.entry(500.0, 1L),
					Map.entry(Double.POSITIVE_INFINITY, 1L));
		});
	}

	@Test
	void shouldReceiveOpenTelemetrySdkCounterOverGrpc() {
		try (SdkMeterProvider meterProvider = meterProvider(
				OtlpGrpcMetricExporter.builder().setEndpoint(this.receiver.grpcEndpoint()).build())) {
			LongCounter counter = meterProvider.get("ai.infra.test")
				.counterBuilder("gen_ai.client.token.usage")
				.setUnit("{token}")
				.setDescription("Tokens used")
				.build();
			counter.add(42, Attributes.of(TOKEN_TYPE, "input"));
			counter.add(7, Attributes.of(TOKEN_TYPE, "output"));
			flush(meterProvider);
			ReceivedMetric metric = this.receiver.awaitMetric("gen_ai.client.token.usage", TIMEOUT);
			assertThat(metric.type()).isEqualTo(ReceivedMetric.SUM);
			assertThat(metric.monotonic()).isTrue();
			assertThat(metric.unit()).isEqualTo("{token}");
			assertThat(metric.description()).isEqualTo("Tokens used");
			assertThat(metric.scopeName()).isEqualTo("ai.infra.test");
			assertThat(metric.transport()).isEqualTo(ReceivedSpan.GRPC);
			assertThat(metric.serviceName()).isEqualTo("sdk-service");
			assertThat(metric.dataPoint(Map.of("gen_ai.token.type", "input")).value()).isEqualTo(42.0);
			assertThat(metric.dataPoint(Map.of("gen_ai.token.type", "output")).value()).isEqualTo(7.0);
		}
		assertThat(this.receiver.spans()).isEmpty();
	}

	@Test
	void shouldReceiveGzipCompressedNonMonotonicSumOverHttp() {
		try (SdkMeterProvider meterProvider = meterProvider(OtlpHttpMetricExporter.builder()
			.setEndpoint(this.receiver.httpMetricsEndpoint())
			.setCompression("gzip")
			.build())) {
			meterProvider.get("ai.infra.test")
				.upDownCounterBuilder("ai.llm.inflight")
				.ofDoubles()
				.build()
				.add(-2.5, Attributes.of(AttributeKey.longKey("shard"), 3L));
			flush(meterProvider);
			ReceivedMetric metric = this.receiver.awaitMetric("ai.llm.inflight", TIMEOUT);
			assertThat(metric.type()).isEqualTo(ReceivedMetric.SUM);
			assertThat(metric.monotonic()).isFalse();
			assertThat(metric.transport()).isEqualTo(ReceivedSpan.HTTP);
			assertThat(metric.dataPoints()).singleElement().satisfies((point) -> {
				// Integer attributes keep their protobuf type, as on spans
				assertThat(point.attribute("shard")).isEqualTo(3L);
				assertThat(point.value()).isEqualTo(-2.5);
			});
		}
	}

	@Test
	void shouldAwaitLatestMatchingMetricAndForgetMetricsOnReset() {
		try (SdkMeterProvider meterProvider = meterProvider(
				OtlpHttpMetricExporter.builder().setEndpoint(this.receiver.httpMetricsEndpoint()).build())) {
			LongCounter counter = meterProvider.get("ai.infra.test").counterBuilder("ai.llm.requests").build();
			counter.add(1);
			flush(meterProvider);
			counter.add(2);
			flush(meterProvider);
			// Cumulative temporality: the second export reports the running total
			assertThat(this.receiver.awaitMetric("ai.llm.requests", (metric) -> value(metric) == 3.0, TIMEOUT))
				.isNotNull();
			// Newer SDKs also export metrics about the exporter itself
			assertThat(this.receiver.metrics()).filteredOn((metric) -> metric.name().equals("ai.llm.requests"))
				.extracting(OtlpReceiverMetricsTests::value)
				.containsSubsequence(1.0, 3.0)
				.containsOnly(1.0, 3.0);
			assertThat(value(this.receiver.awaitMetric("ai.llm.requests", TIMEOUT))).isEqualTo(3.0);
			assertThat(value(this.receiver.awaitMetric("ai.llm.requests", (metric) -> value(metric) < 3.0, TIMEOUT)))
				.isEqualTo(1.0);
		}
		this.receiver.reset();
		assertThat(this.receiver.metrics()).isEmpty();
	}

	@Test
	void shouldFailAwaitMetricWithTheMetricNamesReceivedSoFar() {
		try (SdkMeterProvider meterProvider = meterProvider(
				OtlpGrpcMetricExporter.builder().setEndpoint(this.receiver.grpcEndpoint()).build())) {
			meterProvider.get("ai.infra.test").counterBuilder("ai.llm.requests").build().add(1);
			flush(meterProvider);
			this.receiver.awaitMetric("ai.llm.requests", TIMEOUT);
		}
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.receiver.awaitMetric("missing", Duration.ofMillis(200)))
			.withMessageContaining("'missing'")
			.withMessageContaining("ai.llm.requests (sum, grpc)");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.receiver.awaitMetric("ai.llm.requests", (metric) -> value(metric) > 1.0,
					Duration.ofMillis(200)))
			.withMessageContaining("'ai.llm.requests' matching the condition");
	}

	@Test
	void shouldRejectMetricsRequestsThatAreNotProtobufExports() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		URI uri = URI.create(this.receiver.httpMetricsEndpoint());
		HttpResponse<Void> get = client.send(HttpRequest.newBuilder(uri).GET().build(),
				HttpResponse.BodyHandlers.discarding());
		HttpResponse<Void> json = client.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.discarding());
		HttpResponse<Void> garbage = client.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-protobuf")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { (byte) 0xff, (byte) 0xff, 0x01 }))
			.build(), HttpResponse.BodyHandlers.discarding());
		HttpResponse<byte[]> empty = client.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-protobuf")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(json.statusCode()).isEqualTo(415);
		assertThat(garbage.statusCode()).isEqualTo(400);
		// An empty body is a valid, empty export request and gets the empty response
		assertThat(empty.statusCode()).isEqualTo(200);
		assertThat(empty.body()).isEmpty();
		assertThat(this.receiver.metrics()).isEmpty();
	}

	private OtlpMeterRegistry startMicrometerRegistry() {
		Map<String, String> properties = Map.of("otlp.url", this.receiver.httpMetricsEndpoint(), "otlp.step",
				"200ms", "otlp.resourceAttributes", "service.name=micrometer-service");
		OtlpConfig config = properties::get;
		this.registry = new OtlpMeterRegistry(config, Clock.SYSTEM);
		return this.registry;
	}

	private static SdkMeterProvider meterProvider(MetricExporter exporter) {
		Resource resource = Resource.getDefault()
			.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "sdk-service")));
		// The interval is long on purpose: tests flush explicitly so that they decide
		// exactly which exports happen
		PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
		return SdkMeterProvider.builder().setResource(resource).registerMetricReader(reader).build();
	}

	private static void flush(SdkMeterProvider meterProvider) {
		// An export over a connection that is still being set up can fail, several times
		// in a row on a loaded machine; the next flush sends the same cumulative values
		// again.
		for (int attempt = 0; attempt < 5; attempt++) {
			if (meterProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()) {
				return;
			}
			try {
				Thread.sleep(200L * (attempt + 1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new AssertionError("Metrics could not be flushed to the receiver");
	}

	private static double value(ReceivedMetric metric) {
		// Used inside await conditions too, where an assertion would abort the wait
		List<ReceivedMetric.DataPoint> dataPoints = metric.dataPoints();
		return (dataPoints.size() == 1) ? dataPoints.get(0).value() : Double.NaN;
	}

}
