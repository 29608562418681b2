package ai.infra.autoconfigure.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.infra.test.otlp.OtlpReceiver;
import ai.infra.test.otlp.ReceivedSpan;
import ai.infra.test.zipkin.ZipkinServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spans made in an application travel through ai-infra's exporters to real receivers: an
 * OTLP receiver built from the OpenTelemetry protobuf definitions (gRPC and HTTP), the
 * real Zipkin server, and the console.
 */
@ExtendWith(OutputCaptureExtension.class)
class AiInfraSpanExportIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static OtlpReceiver otlp;

	private static ZipkinServer zipkin;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
				AiInfraTracingAutoConfiguration.class))
		.withPropertyValues("ai-infra.tracing.service-name=orders", "ai-infra.tracing.service-version=3.2.1",
				"ai-infra.tracing.environment=staging");

	@BeforeAll
	static void startReceivers() {
		otlp = OtlpReceiver.start();
		zipkin = ZipkinServer.start();
	}

	@AfterAll
	static void stopReceivers() {
		otlp.close();
		zipkin.close();
	}

	@BeforeEach
	void reset() {
		otlp.reset();
	}

	@Test
	void shouldExportSpanToOtlpReceiverOverGrpc() {
		this.contextRunner.withPropertyValues("ai-infra.tracing.endpoint=" + otlp.grpcEndpoint(),
				"ai-infra.tracing.protocol=grpc", "ai-infra.tracing.headers.authorization=Bearer test-token")
			.run((context) -> {
				String[] ids = createParentAndChild(context);
				assertParentAndChildArrived(ReceivedSpan.GRPC, ids);
				assertThat(otlp.awaitSpan("child", TIMEOUT).headers()).containsEntry("authorization",
						"Bearer test-token");
			});
	}

	@Test
	void shouldExportSpanToOtlpReceiverOverHttpProtobuf() {
		String endpoint = "http://127.0.0.1:" + otlp.httpPort();
		this.contextRunner.withPropertyValues("ai-infra.tracing.endpoint=" + endpoint).run((context) -> {
			String[] ids = createParentAndChild(context);
			assertParentAndChildArrived(ReceivedSpan.HTTP, ids);
		});
	}

	@Test
	void shouldExportSpanToJaegerOverOtlp() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=jaeger", "ai-infra.tracing.endpoint=" + otlp.grpcEndpoint(),
					"ai-infra.tracing.protocol=grpc")
			.run((context) -> {
				String[] ids = createParentAndChild(context);
				assertParentAndChildArrived(ReceivedSpan.GRPC, ids);
			});
	}

	@Test
	void shouldExportSpanToZipkinWhenExporterIsZipkin() {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=zipkin", "ai-infra.tracing.service-name=zipkin-orders",
					"ai-infra.tracing.endpoint=" + zipkin.baseUrl())
			.run((context) -> {
				String[] ids = createParentAndChild(context);
				List<Map<String, Object>> spans = zipkin.awaitSpans("zipkin-orders", 2, TIMEOUT);
				assertThat(spans).extracting((span) -> span.get("name")).containsExactlyInAnyOrder("parent", "child");
				Map<String, Object> child = spans.stream()
					.filter((span) -> "child".equals(span.get("name")))
					.findFirst()
					.orElseThrow();
				assertThat(child).containsEntry("traceId", ids[0]).containsEntry("parentId", ids[1]);
				assertThat(child.get("localEndpoint")).asInstanceOf(
						org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsEntry("serviceName", "zipkin-orders");
				// Zipkin shows every attribute as a string.
				assertThat(child.get("tags")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsEntry("ai.total_tokens", "42")
					.containsEntry("service.version", "3.2.1")
					.containsEntry("deployment.environment.name", "staging");
			});
	}

	@Test
	void shouldExportToEveryListedExporter(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("ai-infra.tracing.exporter=otlp,console",
					"ai-infra.tracing.endpoint=" + otlp.grpcEndpoint(), "ai-infra.tracing.protocol=grpc")
			.run((context) -> {
				String[] ids = createParentAndChild(context);
				assertParentAndChildArrived(ReceivedSpan.GRPC, ids);
				assertThat(output).contains("[ai-infra] parent ", "[trace " + ids[0] + "]", "[ai-infra]   child gpt-4o 42 tok ");
			});
	}

	@Test
	void shouldPrintOneReadableLinePerSpanWhenExporterIsConsole(CapturedOutput output) {
		this.contextRunner.withPropertyValues("ai-infra.tracing.exporter=console").run((context) -> {
			String[] ids = createParentAndChild(context);
			List<String> lines = output.getOut().lines().filter((line) -> line.startsWith("[ai-infra] ")).toList();
			assertThat(lines).hasSize(2);
			assertThat(lines.get(0)).matches("\\[ai-infra\\] parent [\\d.,]+ m?s \\[trace " + ids[0] + "\\]");
			assertThat(lines.get(1)).matches("\\[ai-infra\\]   child gpt-4o 42 tok [\\d.,]+ m?s");
		});
	}

	private static String[] createParentAndChild(AssertableApplicationContext context) {
		Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
		Span parent = tracer.spanBuilder("parent").startSpan();
		try (Scope scope = parent.makeCurrent()) {
			tracer.spanBuilder("child")
				.setAttribute("ai.total_tokens", 42L)
				.setAttribute("ai.model", "gpt-4o")
				.startSpan()
				.end();
		}
		finally {
			parent.end();
		}
		context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		return new String[] { parent.getSpanContext().getTraceId(), parent.getSpanContext().getSpanId() };
	}

	private static void assertParentAndChildArrived(String transport, String[] ids) {
		List<ReceivedSpan> spans = otlp.awaitSpans(2, TIMEOUT);
		ReceivedSpan child = otlp.awaitSpan("child", TIMEOUT);
		ReceivedSpan parent = otlp.awaitSpan("parent", TIMEOUT);
		assertThat(spans).hasSize(2);
		assertThat(child.transport()).isEqualTo(transport);
		assertThat(child.traceId()).isEqualTo(ids[0]);
		assertThat(child.parentSpanId()).isEqualTo(ids[1]).isEqualTo(parent.spanId());
		assertThat(parent.isRoot()).isTrue();
		assertThat(child.attributes()).containsEntry("ai.total_tokens", 42L).containsEntry("ai.model", "gpt-4o");
		assertThat(child.resourceAttributes()).containsEntry("service.name", "orders")
			.containsEntry("service.version", "3.2.1")
			.containsEntry("deployment.environment.name", "staging");
	}

}
