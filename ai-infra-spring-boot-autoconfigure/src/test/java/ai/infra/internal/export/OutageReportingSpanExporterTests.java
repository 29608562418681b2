package ai.infra.internal.export;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ai.infra.test.net.BlackHoleServer;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OutageReportingSpanExporter}.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutageReportingSpanExporterTests {

	private static final URI ENDPOINT = URI.create("http://collector:4318/v1/traces");

	private static final String WARNING = "Spans cannot be exported to http://collector:4318/v1/traces";

	private static final String RECOVERY = "Span export to http://collector:4318/v1/traces recovered after";

	private final ScriptedExporter delegate = new ScriptedExporter();

	private final CountingDroppedSpans dropped = new CountingDroppedSpans();

	private final OutageReportingSpanExporter exporter = new OutageReportingSpanExporter(this.delegate, ENDPOINT,
			this.dropped);

	@Test
	void shouldWarnOnceWhenTheEndpointStartsFailing(CapturedOutput output) {
		this.delegate.failWith(new IOException("Failed to connect to collector/10.0.0.7:4318"));
		assertThat(this.exporter.export(spans(3)).isSuccess()).isFalse();
		assertThat(this.exporter.export(spans(2)).isSuccess()).isFalse();
		assertThat(this.exporter.export(spans(4)).isSuccess()).isFalse();
		assertThat(lines(output, "WARN")).singleElement()
			.asString()
			.contains(WARNING + " (IOException: Failed to connect to collector/10.0.0.7:4318)",
					"ai.tracing.spans.dropped");
		assertThat(this.dropped.exportFailed).hasValue(9);
		assertThat(this.dropped.queueFull).hasValue(0);
	}

	@Test
	void shouldReportTheRecoveryOnceWithWhatTheOutageLost(CapturedOutput output) {
		this.delegate.failWith(null);
		this.exporter.export(spans(3));
		this.exporter.export(spans(2));
		this.delegate.succeed();
		assertThat(this.exporter.export(spans(5)).isSuccess()).isTrue();
		assertThat(this.exporter.export(spans(5)).isSuccess()).isTrue();
		assertThat(lines(output, "WARN")).singleElement().asString().contains(WARNING);
		assertThat(lines(output, "INFO")).singleElement()
			.asString()
			.containsPattern(RECOVERY.replace(".", "\\.") + " \\d+\\.\\d s; 2 batch\\(es\\) with 5 span\\(s\\) were "
					+ "lost during the outage");
		assertThat(this.dropped.exportFailed).hasValue(5);
	}

	@Test
	void shouldReportEachOutageSeparately(CapturedOutput output) {
		this.delegate.failWith(null);
		this.exporter.export(spans(1));
		this.delegate.succeed();
		this.exporter.export(spans(1));
		this.delegate.failWith(null);
		this.exporter.export(spans(7));
		this.exporter.export(spans(7));
		this.delegate.succeed();
		this.exporter.export(spans(1));
		assertThat(lines(output, "WARN")).hasSize(2);
		assertThat(lines(output, "INFO")).hasSize(2)
			.last()
			.asString()
			.contains("2 batch(es) with 14 span(s) were lost");
		assertThat(this.dropped.exportFailed).hasValue(15);
	}

	@Test
	void shouldSayNothingWhileExportsSucceed(CapturedOutput output) {
		this.delegate.succeed();
		for (int i = 0; i < 5; i++) {
			assertThat(this.exporter.export(spans(10)).isSuccess()).isTrue();
		}
		assertThat(output).doesNotContain("Span export", "Spans cannot be exported");
		assertThat(this.dropped.exportFailed).hasValue(0);
	}

	@Test
	void shouldDropABatchWhileThePreviousExportIsUnanswered(CapturedOutput output) {
		CompletableResultCode pending = new CompletableResultCode();
		this.delegate.answerWith(pending);
		assertThat(this.exporter.export(spans(4)).isDone()).isFalse();
		CompletableResultCode second = this.exporter.export(spans(6));
		assertThat(second.isDone()).isTrue();
		assertThat(second.isSuccess()).isFalse();
		assertThat(this.delegate.exported).containsExactly(4);
		assertThat(this.dropped.exportFailed).hasValue(6);
		assertThat(lines(output, "WARN")).singleElement()
			.asString()
			.contains(WARNING + " (the previous export has had no answer within the export timeout)");
		pending.fail();
		assertThat(this.dropped.exportFailed).hasValue(10);
		this.delegate.succeed();
		assertThat(this.exporter.export(spans(1)).isSuccess()).isTrue();
		assertThat(this.delegate.exported).containsExactly(4, 1);
		assertThat(lines(output, "WARN")).hasSize(1);
		assertThat(lines(output, "INFO")).singleElement()
			.asString()
			.contains("2 batch(es) with 10 span(s) were lost");
	}

	@Test
	void shouldNotThrowWhenTheExporterThrows(CapturedOutput output) {
		this.delegate.throwing(new IllegalStateException("exporter broke"));
		CompletableResultCode result = this.exporter.export(spans(2));
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.getFailureThrowable()).hasMessage("exporter broke");
		assertThat(lines(output, "WARN")).singleElement()
			.asString()
			.contains("(IllegalStateException: exporter broke)");
		this.delegate.succeed();
		assertThat(this.exporter.export(spans(1)).isSuccess()).isTrue();
		assertThat(this.dropped.exportFailed).hasValue(2);
	}

	@Test
	void shouldLeaveCredentialsAndQueryOutOfTheEndpoint(CapturedOutput output) {
		OutageReportingSpanExporter withSecrets = new OutageReportingSpanExporter(this.delegate,
				URI.create("https://user:s3cr3t@collector.example.com/otlp/v1/traces?token=t0k3n"), this.dropped);
		this.delegate.failWith(null);
		withSecrets.export(spans(1));
		assertThat(lines(output, "WARN")).singleElement()
			.asString()
			.contains("Spans cannot be exported to https://collector.example.com/otlp/v1/traces (");
		assertThat(output).doesNotContain("s3cr3t", "t0k3n");
	}

	@Test
	void shouldNameTheStatusAnOtlpEndpointAnsweredWithButNoHeader(CapturedOutput output) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/v1/traces", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(401, -1);
			exchange.close();
		});
		server.start();
		try {
			URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
			OtlpHttpSpanExporter otlp = OtlpHttpSpanExporter.builder()
				.setEndpoint(endpoint.toString())
				.addHeader("Authorization", "Bearer wrong-token")
				.build();
			OutageReportingSpanExporter reporting = new OutageReportingSpanExporter(otlp, endpoint, this.dropped);
			CompletableResultCode result = reporting.export(spans(3)).join(10, TimeUnit.SECONDS);
			assertThat(result.isSuccess()).isFalse();
			assertThat(lines(output, "WARN")).singleElement()
				.asString()
				.contains("Spans cannot be exported to " + endpoint + " (HTTP 401");
			assertThat(lines(output, "WARN").get(0)).doesNotContain("wrong-token", "Authorization");
			assertThat(this.dropped.exportFailed).hasValue(3);
			reporting.shutdown().join(10, TimeUnit.SECONDS);
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void shouldNameTheConnectionErrorWhenTheOtlpEndpointIsDown(CapturedOutput output) throws IOException {
		int port = BlackHoleServer.refusingPort();
		URI endpoint = URI.create("http://127.0.0.1:" + port + "/v1/traces");
		OtlpHttpSpanExporter otlp = OtlpHttpSpanExporter.builder()
			.setEndpoint(endpoint.toString())
			.setRetryPolicy(null)
			.build();
		OutageReportingSpanExporter reporting = new OutageReportingSpanExporter(otlp, endpoint, this.dropped);
		assertThat(reporting.export(spans(2)).join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
		assertThat(lines(output, "WARN")).singleElement()
			.asString()
			.contains("Spans cannot be exported to " + endpoint + " (ConnectException: ");
		reporting.shutdown().join(10, TimeUnit.SECONDS);
	}

	private static List<String> lines(CapturedOutput output, String level) {
		return output.getAll()
			.lines()
			.filter((line) -> line.contains(level) && line.contains(OutageReportingSpanExporter.class.getSimpleName()))
			.toList();
	}

	private static List<SpanData> spans(int count) {
		List<SpanData> spans = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			spans.add(TestSpanData.builder()
				.setName("llm.generate")
				.setKind(SpanKind.CLIENT)
				.setStartEpochNanos(1)
				.setEndEpochNanos(2)
				.setHasEnded(true)
				.setStatus(StatusData.unset())
				.build());
		}
		return spans;
	}

	/**
	 * An exporter whose answer the test chooses.
	 */
	static final class ScriptedExporter implements SpanExporter {

		private final List<Integer> exported = new ArrayList<>();

		private CompletableResultCode answer = CompletableResultCode.ofSuccess();

		private RuntimeException thrown;

		void succeed() {
			answerWith(CompletableResultCode.ofSuccess());
		}

		void failWith(Throwable failure) {
			answerWith((failure != null) ? CompletableResultCode.ofExceptionalFailure(failure)
					: CompletableResultCode.ofFailure());
		}

		void answerWith(CompletableResultCode answer) {
			this.answer = answer;
			this.thrown = null;
		}

		void throwing(RuntimeException ex) {
			this.thrown = ex;
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			if (this.thrown != null) {
				throw this.thrown;
			}
			this.exported.add(spans.size());
			return this.answer;
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

	static final class CountingDroppedSpans implements DroppedSpans {

		final AtomicLong queueFull = new AtomicLong();

		final AtomicLong exportFailed = new AtomicLong();

		@Override
		public void queueFull(long spans) {
			this.queueFull.addAndGet(spans);
		}

		@Override
		public void exportFailed(long spans) {
			this.exportFailed.addAndGet(spans);
		}

	}

}
