package ai.infra.test.zipkin;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ZipkinServer} against the real Zipkin server jar, fed by the
 * OpenTelemetry Zipkin exporter. One server is shared by the class because starting it
 * takes several seconds.
 */
class ZipkinServerTests {

	private static final String SERVICE_NAME = "zipkin-fixture-test";

	private static ZipkinServer zipkin;

	@BeforeAll
	static void startZipkin() {
		zipkin = ZipkinServer.start();
	}

	@AfterAll
	static void stopZipkin() {
		zipkin.close();
		assertThat(zipkin.isRunning()).isFalse();
	}

	@Test
	void shouldListenOnLoopback() {
		assertThat(zipkin.baseUrl()).isEqualTo("http://127.0.0.1:" + zipkin.port());
		assertThat(zipkin.spansEndpoint()).isEqualTo(zipkin.baseUrl() + "/api/v2/spans");
		assertThat(zipkin.isRunning()).isTrue();
	}

	@Test
	void shouldStoreSpansExportedByOpenTelemetryZipkinExporter() {
		exportParentAndChild();
		List<Map<String, Object>> spans = zipkin.awaitSpans(SERVICE_NAME, 2, Duration.ofSeconds(20));
		assertThat(spans).hasSize(2);
		List<List<Map<String, Object>>> traces = zipkin.traces(SERVICE_NAME);
		assertThat(traces).singleElement().satisfies((trace) -> assertThat(trace).hasSize(2));
		Map<String, Object> parent = spanNamed(spans, "handle request");
		Map<String, Object> child = spanNamed(spans, "chat gpt-test");
		assertThat(parent).doesNotContainKey("parentId").containsEntry("kind", "SERVER");
		assertThat(child).containsEntry("traceId", parent.get("traceId"))
			.containsEntry("parentId", parent.get("id"))
			.containsEntry("kind", "CLIENT")
			.containsEntry("localEndpoint", Map.of("serviceName", SERVICE_NAME, "ipv4", "127.0.0.1"));
		assertThat(child.get("tags")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("gen_ai.request.model", "gpt-test")
			.containsEntry("gen_ai.usage.input_tokens", "42");
		assertThat(zipkin.serviceNames()).contains(SERVICE_NAME);
		assertThat(zipkin.trace((String) parent.get("traceId"))).hasSize(2);
		assertThat(zipkin.traces(SERVICE_NAME, "chat gpt-test", 10)).singleElement()
			.satisfies((trace) -> assertThat(trace).hasSize(2));
		assertThat(zipkin.traces(SERVICE_NAME, "no such span", 10)).isEmpty();
	}

	@Test
	void shouldFindNothingForUnknownServiceOrTrace() {
		assertThat(zipkin.traces("no-such-service")).isEmpty();
		assertThat(zipkin.trace("0123456789abcdef0123456789abcdef")).isEmpty();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> zipkin.awaitSpans("no-such-service", 1, Duration.ofMillis(200)))
			.withMessageContaining("'no-such-service'");
	}

	@Test
	void shouldRejectMissingJar(@TempDir Path directory) {
		assertThatIllegalArgumentException().isThrownBy(() -> ZipkinServer.start(directory.resolve("missing.jar")))
			.withMessageContaining("missing.jar");
	}

	@Test
	void shouldReportProcessOutputWhenServerExitsEarly(@TempDir Path directory) throws IOException {
		Path brokenJar = Files.write(directory.resolve("broken.jar"), new byte[] { 1, 2, 3 });
		assertThatIllegalStateException().isThrownBy(() -> ZipkinServer.start(brokenJar))
			.withMessageContaining("exited with code")
			.withMessageContaining("broken.jar");
	}

	private static void exportParentAndChild() {
		Resource resource = Resource.getDefault()
			.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), SERVICE_NAME)));
		ZipkinSpanExporter exporter = ZipkinSpanExporter.builder()
			.setEndpoint(zipkin.spansEndpoint())
			// Keeps the endpoint stable instead of depending on the machine's address
			.setLocalIpAddressSupplier(InetAddress::getLoopbackAddress)
			.build();
		SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
			.setResource(resource)
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build();
		try {
			Tracer tracer = tracerProvider.get("ai.infra.test");
			Span parent = tracer.spanBuilder("handle request").setSpanKind(SpanKind.SERVER).startSpan();
			tracer.spanBuilder("chat gpt-test")
				.setParent(Context.root().with(parent))
				.setSpanKind(SpanKind.CLIENT)
				.setAttribute("gen_ai.request.model", "gpt-test")
				.setAttribute("gen_ai.usage.input_tokens", 42L)
				.startSpan()
				.end();
			parent.end();
		}
		finally {
			tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
		}
	}

	private static Map<String, Object> spanNamed(List<Map<String, Object>> spans, String name) {
		return spans.stream()
			.filter((span) -> name.equals(span.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span named '" + name + "' in " + spans));
	}

}
