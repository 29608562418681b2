package ai.infra.test.otlp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OtlpReceiver} driven by the real OpenTelemetry OTLP exporters.
 */
class OtlpReceiverTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private OtlpReceiver receiver;

	@BeforeEach
	void startReceiver() {
		this.receiver = OtlpReceiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@Test
	void shouldReceiveSpanOverGrpcWithResourceAndParent() {
		exportParentAndChild(OtlpGrpcSpanExporter.builder().setEndpoint(this.receiver.grpcEndpoint()).build(),
				"grpc-service");
		assertParentAndChild(this.receiver.awaitSpans(2, TIMEOUT), "grpc-service", ReceivedSpan.GRPC);
	}

	@Test
	void shouldReceiveSpanOverHttpProtobufWithResourceAndParent() {
		exportParentAndChild(OtlpHttpSpanExporter.builder().setEndpoint(this.receiver.httpEndpoint()).build(),
				"http-service");
		assertParentAndChild(this.receiver.awaitSpans(2, TIMEOUT), "http-service", ReceivedSpan.HTTP);
	}

	@Test
	void shouldAcceptGzipCompressedExportsWithHeadersOnBothTransports() {
		exportParentAndChild(OtlpGrpcSpanExporter.builder()
			.setEndpoint(this.receiver.grpcEndpoint())
			.setCompression("gzip")
			.addHeader("Authorization", "Bearer grpc-token")
			.build(), "gzip-service");
		exportParentAndChild(OtlpHttpSpanExporter.builder()
			.setEndpoint(this.receiver.httpEndpoint())
			.setCompression("gzip")
			.addHeader("Authorization", "Bearer http-token")
			.build(), "gzip-service");
		List<ReceivedSpan> spans = this.receiver.awaitSpans(4, TIMEOUT);
		assertThat(spans).filteredOn((span) -> span.transport().equals(ReceivedSpan.GRPC))
			.hasSize(2)
			.allSatisfy((span) -> {
				assertThat(span.headers()).containsEntry("authorization", "Bearer grpc-token");
				assertThat(span.headers()).containsEntry("grpc-encoding", "gzip");
			});
		assertThat(spans).filteredOn((span) -> span.transport().equals(ReceivedSpan.HTTP))
			.hasSize(2)
			.allSatisfy((span) -> {
				assertThat(span.headers()).containsEntry("authorization", "Bearer http-token");
				assertThat(span.headers()).containsEntry("content-encoding", "gzip");
			});
	}

	@Test
	void shouldFindSpanByNameAndForgetSpansOnReset() {
		exportParentAndChild(OtlpHttpSpanExporter.builder().setEndpoint(this.receiver.httpEndpoint()).build(),
				"reset-service");
		assertThat(this.receiver.awaitSpan("chat gpt-test", TIMEOUT).kind()).isEqualTo("CLIENT");
		this.receiver.reset();
		assertThat(this.receiver.spans()).isEmpty();
	}

	@Test
	void shouldFailAwaitWithTheSpansReceivedSoFar() {
		exportParentAndChild(OtlpGrpcSpanExporter.builder().setEndpoint(this.receiver.grpcEndpoint()).build(),
				"short-service");
		this.receiver.awaitSpans(2, TIMEOUT);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.receiver.awaitSpans(3, Duration.ofMillis(200)))
			.withMessageContaining("received 2")
			.withMessageContaining("chat gpt-test (grpc)")
			.withMessageContaining("handle request (grpc)");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.receiver.awaitSpan("missing", Duration.ofMillis(200)))
			.withMessageContaining("'missing'");
	}

	@Test
	void shouldRejectRequestsThatAreNotProtobufExports() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		URI uri = URI.create(this.receiver.httpEndpoint());
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
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(json.statusCode()).isEqualTo(415);
		assertThat(garbage.statusCode()).isEqualTo(400);
		assertThat(this.receiver.spans()).isEmpty();
	}

	private void exportParentAndChild(SpanExporter exporter, String serviceName) {
		Resource resource = Resource.getDefault()
			.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName,
					AttributeKey.stringKey("deployment.environment.name"), "test")));
		SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
			.setResource(resource)
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build();
		try {
			Tracer tracer = tracerProvider.get("ai.infra.test");
			Span parent = tracer.spanBuilder("handle request").setSpanKind(SpanKind.SERVER).startSpan();
			Span child = tracer.spanBuilder("chat gpt-test")
				.setParent(Context.root().with(parent))
				.setSpanKind(SpanKind.CLIENT)
				.setAttribute("gen_ai.request.model", "gpt-test")
				.setAttribute("gen_ai.usage.input_tokens", 42L)
				.setAttribute("gen_ai.request.temperature", 0.25)
				.setAttribute("ai_infra.cached", true)
				.setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop", "length"))
				.setAttribute(AttributeKey.longArrayKey("ai_infra.retries"), List.of(1L, 2L))
				.startSpan();
			child.addEvent("gen_ai.choice", Attributes.of(AttributeKey.longKey("index"), 0L));
			child.setStatus(StatusCode.ERROR, "rate limited");
			child.end();
			parent.end();
		}
		finally {
			// Shutting down flushes the exporter, so both spans have been sent afterwards
			tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
		}
	}

	private void assertParentAndChild(List<ReceivedSpan> spans, String serviceName, String transport) {
		assertThat(spans).hasSize(2);
		ReceivedSpan child = spans.stream().filter((span) -> span.name().equals("chat gpt-test")).findFirst().get();
		ReceivedSpan parent = spans.stream().filter((span) -> span.name().equals("handle request")).findFirst().get();
		assertThat(parent.isRoot()).isTrue();
		assertThat(parent.parentSpanId()).isEmpty();
		assertThat(parent.kind()).isEqualTo("SERVER");
		assertThat(parent.statusCode()).isEqualTo("UNSET");
		assertThat(parent.traceId()).matches("[0-9a-f]{32}");
		assertThat(parent.spanId()).matches("[0-9a-f]{16}");
		assertThat(child.traceId()).isEqualTo(parent.traceId());
		assertThat(child.parentSpanId()).isEqualTo(parent.spanId());
		assertThat(child.isRoot()).isFalse();
		assertThat(child.kind()).isEqualTo("CLIENT");
		assertThat(child.statusCode()).isEqualTo("ERROR");
		assertThat(child.statusMessage()).isEqualTo("rate limited");
		assertThat(child.scopeName()).isEqualTo("ai.infra.test");
		assertThat(child.attributes()).containsEntry("gen_ai.request.model", "gpt-test")
			.containsEntry("gen_ai.usage.input_tokens", 42L)
			.containsEntry("gen_ai.request.temperature", 0.25)
			.containsEntry("ai_infra.cached", true)
			.containsEntry("gen_ai.response.finish_reasons", List.of("stop", "length"))
			.containsEntry("ai_infra.retries", List.of(1L, 2L));
		assertThat(child.attribute("gen_ai.usage.input_tokens")).isInstanceOf(Long.class);
		assertThat(child.attribute("gen_ai.request.temperature")).isInstanceOf(Double.class);
		assertThat(child.attribute("ai_infra.cached")).isInstanceOf(Boolean.class);
		assertThat(child.events()).singleElement().satisfies((event) -> {
			assertThat(event.name()).isEqualTo("gen_ai.choice");
			assertThat(event.attributes()).containsEntry("index", 0L);
		});
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.serviceName()).isEqualTo(serviceName);
			assertThat(span.resourceAttributes()).containsEntry("deployment.environment.name", "test")
				.containsEntry("telemetry.sdk.language", "java");
			assertThat(span.transport()).isEqualTo(transport);
		});
	}

}
