package ai.infra.autoconfigure.tracing;

import java.time.Duration;
import java.util.List;

import ai.infra.autoconfigure.FailureAnalyses;
import ai.infra.test.net.BlackHoleServer;
import ai.infra.test.otlp.OtlpReceiver;
import ai.infra.test.otlp.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every exporter ai-infra creates gives up after Boot's export timeout, and
 * that closing the application exports every queued span yet waits no longer than that
 * timeout for an endpoint that never answers.
 */
@ExtendWith(OutputCaptureExtension.class)
class AiInfraExportTimeoutTests {

	private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(2);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
				AiInfraTracingAutoConfiguration.class))
		.withPropertyValues("management.opentelemetry.tracing.export.timeout=" + EXPORT_TIMEOUT.toSeconds() + "s");

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			otlp over gRPC   | otlp   | http://collector:4317            | aiInfraOtlpGrpcSpanExporter | timeoutNanos=2000000000
			otlp over HTTP   | otlp   | http://collector:4318            | aiInfraOtlpHttpSpanExporter | timeoutNanos=2000000000
			jaeger over gRPC | jaeger | http://jaeger:4317               | aiInfraJaegerSpanExporter   | timeoutNanos=2000000000
			jaeger over HTTP | jaeger | http://jaeger:4318               | aiInfraJaegerSpanExporter   | timeoutNanos=2000000000
			zipkin           | zipkin | http://zipkin:9411/api/v2/spans | aiInfraZipkinSpanExporter   | readTimeoutMillis=2000
			""")
	void shouldGiveTheExporterBootsExportTimeout(String name, String exporter, String endpoint, String bean,
			String timeout) {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=" + exporter, "ai-infra.tracing.endpoint=" + endpoint)
			.run((context) -> {
				assertThat(context.getBean(bean)).asString().contains(timeout);
				// Boot's batch span processor waits for each export exactly as long.
				assertThat(context.getBean(BatchSpanProcessor.class)).asString()
					.contains("exporterTimeoutNanos=2000000000");
			});
	}

	@Test
	void shouldFollowBootsDefaultLikeBootsBatchSpanProcessorWhenNotSet() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, AiInfraTracingAutoConfiguration.class))
			.run((context) -> {
				Duration timeout = ExportTimeout.resolve(context.getEnvironment());
				assertThat(context.getBean("aiInfraOtlpGrpcSpanExporter")).asString()
					.contains("timeoutNanos=" + timeout.toNanos());
				assertThat(context.getBean(BatchSpanProcessor.class)).asString()
					.contains("exporterTimeoutNanos=" + timeout.toNanos());
			});
	}

	@Test
	void shouldExplainAnExportTimeoutThatIsNotPositive() {
		this.contextRunner.withPropertyValues("management.opentelemetry.tracing.export.timeout=0s").run((context) -> {
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'management.opentelemetry.tracing.export.timeout'",
					"'0s'", "must be positive");
			assertThat(analysis.getAction()).contains("management.opentelemetry.tracing.export.timeout=10s");
		});
	}

	@Test
	void shouldExportEverySpanStillQueuedWhenTheApplicationCloses() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			// Without scheduled exports, only full batches leave before shutdown. The
			// default timeout, as a cold exporter on a busy machine may need seconds.
			this.contextRunner
				.withPropertyValues("ai-infra.tracing.endpoint=" + receiver.httpEndpoint(),
						"management.opentelemetry.tracing.export.schedule-delay=1h",
						"management.opentelemetry.tracing.export.timeout=10s")
				.run((context) -> {
					endSpans(context.getBean(OpenTelemetry.class), 1000);
					context.close();
					List<ReceivedSpan> spans = receiver.awaitSpans(1000, Duration.ofSeconds(10));
					assertThat(spans).hasSize(1000);
					assertThat(spans).extracting(ReceivedSpan::name).containsOnly("work");
				});
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			otlp over gRPC | otlp   | grpc          |
			otlp over HTTP | otlp   | http/protobuf |
			zipkin         | zipkin | http/protobuf | /api/v2/spans
			""")
	void shouldWaitNoLongerThanTheExportTimeoutForAnEndpointThatNeverAnswers(String name, String exporter,
			String protocol, String path, CapturedOutput output) {
		try (BlackHoleServer blackHole = BlackHoleServer.start()) {
			// Small batches queue up several exports, each of which could take the timeout.
			this.contextRunner
				.withPropertyValues("ai-infra.tracing.exporter=" + exporter, "ai-infra.tracing.protocol=" + protocol,
						"ai-infra.tracing.endpoint=" + blackHole.baseUrl() + ((path != null) ? path : ""),
						"management.opentelemetry.tracing.export.max-batch-size=10")
				.run((context) -> {
					endSpans(context.getBean(OpenTelemetry.class), 50);
					long start = System.nanoTime();
					context.close();
					Duration shutdown = Duration.ofNanos(System.nanoTime() - start);
					assertThat(shutdown).isLessThan(EXPORT_TIMEOUT.plusSeconds(3));
					assertThat(blackHole.connections()).isPositive();
					// Either shutdown gave up on the last export, or the outage report had already
					// said that spans are dropped while the endpoint does not answer.
					assertThat(output.toString()).containsAnyOf(
							"Spans were still being exported when the export timeout of PT2S ran out",
							"the previous export has had no answer within the export timeout");
				});
		}
	}

	private static void endSpans(OpenTelemetry openTelemetry, int count) {
		Tracer tracer = openTelemetry.getTracer("test");
		for (int i = 0; i < count; i++) {
			tracer.spanBuilder("work").startSpan().end();
		}
	}

}
