package ai.infra.autoconfigure.tracing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import ai.infra.test.otlp.OtlpReceiver;
import ai.infra.test.otlp.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports real spans to the OTLP receiver and checks that ai-infra's OTLP exporter
 * honours Boot's {@code management.opentelemetry.tracing.export.otlp.*} settings, Boot's
 * connection details and exporter builder customizers, and that ai-infra's own settings
 * win where both are set.
 */
class BootOtlpSettingsIntegrationTests {

	private static final String PASSWORD = "secret";

	@TempDir
	static Path directory;

	private static Path keyStore;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
				SslAutoConfiguration.class, AiInfraTracingAutoConfiguration.class));

	@BeforeAll
	static void createSelfSignedCertificate() throws Exception {
		keyStore = directory.resolve("receiver.p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "receiver", "-keyalg",
				"RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
				"-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass",
				PASSWORD)
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
	}

	@Test
	void shouldExportOverTlsWithBootsSslBundle() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.start(serverContext())) {
			assertThat(receiver.httpEndpoint()).startsWith("https://127.0.0.1:");
			this.contextRunner
				.withPropertyValues("ai-infra.tracing.endpoint=" + receiver.httpEndpoint(),
						"spring.ssl.bundle.jks.receiver.truststore.location=file:" + keyStore,
						"spring.ssl.bundle.jks.receiver.truststore.password=" + PASSWORD,
						"spring.ssl.bundle.jks.receiver.truststore.type=PKCS12",
						"management.opentelemetry.tracing.export.otlp.ssl.bundle=receiver")
				.run((context) -> {
					endSpan(context, "over-tls");
					assertThat(receiver.awaitSpan("over-tls", Duration.ofSeconds(10)).transport())
						.isEqualTo(ReceivedSpan.HTTP);
				});
		}
	}

	@Test
	void shouldSendGzipToReceiverWhenBootCompressionIsGzip() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			this.contextRunner
				.withPropertyValues("ai-infra.tracing.endpoint=" + receiver.httpEndpoint(),
						"management.opentelemetry.tracing.export.otlp.compression=gzip")
				.run((context) -> {
					endSpan(context, "compressed");
					assertThat(receiver.awaitSpan("compressed", Duration.ofSeconds(10)).headers())
						.containsEntry("content-encoding", "gzip");
				});
		}
	}

	@Test
	void shouldSendHeaderAddedByUsersExporterBuilderCustomizer() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			this.contextRunner.withUserConfiguration(HeaderCustomizerConfiguration.class)
				.withPropertyValues("ai-infra.tracing.endpoint=" + receiver.httpEndpoint())
				.run((context) -> {
					endSpan(context, "customized");
					assertThat(receiver.awaitSpan("customized", Duration.ofSeconds(10)).headers())
						.containsEntry("x-customized", "yes");
				});
		}
	}

	@Test
	void shouldExportToConnectionDetailsWhenNoAiInfraEndpointIsSet() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			this.contextRunner
				.withBean(OtlpTracingConnectionDetails.class, () -> (transport) -> (transport == Transport.GRPC)
						? receiver.grpcEndpoint() : receiver.httpEndpoint())
				.run((context) -> {
					assertThat(context).hasSingleBean(io.opentelemetry.sdk.trace.export.SpanExporter.class)
						.hasBean("aiInfraOtlpHttpSpanExporter");
					endSpan(context, "redirected");
					assertThat(receiver.awaitSpan("redirected", Duration.ofSeconds(10)).transport())
						.isEqualTo(ReceivedSpan.HTTP);
				});
		}
	}

	@Test
	void shouldPreferAiInfraEndpointAndHeadersOverBoots() {
		try (OtlpReceiver receiver = OtlpReceiver.start(); OtlpReceiver bootReceiver = OtlpReceiver.start()) {
			this.contextRunner
				.withPropertyValues("ai-infra.tracing.endpoint=" + receiver.httpEndpoint(),
						"ai-infra.tracing.headers.Authorization=Bearer ai-infra",
						"management.opentelemetry.tracing.export.otlp.endpoint=" + bootReceiver.httpEndpoint(),
						"management.opentelemetry.tracing.export.otlp.headers.Authorization=Bearer boot",
						"management.opentelemetry.tracing.export.otlp.headers.X-Boot=kept")
				.run((context) -> {
					endSpan(context, "preferred");
					ReceivedSpan span = receiver.awaitSpan("preferred", Duration.ofSeconds(10));
					assertThat(span.headers()).containsEntry("authorization", "Bearer ai-infra")
						.containsEntry("x-boot", "kept");
					assertThat(bootReceiver.spans()).isEmpty();
				});
		}
	}

	private static SSLContext serverContext() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(store, PASSWORD.toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), null, null);
		return context;
	}

	private static void endSpan(AssertableApplicationContext context, String name) {
		assertThat(context).hasNotFailed();
		context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder(name).startSpan().end();
	}

	@Configuration(proxyBeanMethods = false)
	static class HeaderCustomizerConfiguration {

		@Bean
		OtlpHttpSpanExporterBuilderCustomizer headerCustomizer() {
			return (builder) -> builder.addHeader("X-Customized", "yes");
		}

	}


}
