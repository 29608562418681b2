package ai.infra.autoconfigure.tracing;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * What ai-infra's OTLP exporters take from Boot's
 * {@code management.opentelemetry.tracing.export.otlp.*} settings: timeouts,
 * compression, headers and the SSL bundle, with {@code ai-infra.tracing.headers} added
 * last so that they win.
 *
 * @param timeout how long one export may take
 * @param connectTimeout how long connecting may take
 * @param compression {@code none} or {@code gzip}
 * @param headers the headers of every export request
 * @param ssl the SSL bundle for https endpoints, if one is named
 */
record OtlpExportOptions(Duration timeout, Duration connectTimeout, String compression, Map<String, String> headers,
		@Nullable SslBundle ssl) {

	static final String TIMEOUT = "management.opentelemetry.tracing.export.otlp.timeout";

	static final String SSL_BUNDLE = "management.opentelemetry.tracing.export.otlp.ssl.bundle";

	/**
	 * Combine Boot's and ai-infra's settings.
	 * @param boot Boot's OTLP properties
	 * @param properties ai-infra's properties
	 * @param environment the environment
	 * @param sslBundles Boot's SSL bundles
	 * @return the options
	 */
	static OtlpExportOptions of(OtlpTracingProperties boot, AiInfraTracingProperties properties,
			Environment environment, ObjectProvider<SslBundles> sslBundles) {
		Binder binder = Binder.get(environment);
		// Boot's per-request timeout where the application sets it; otherwise the batch
		// export timeout, so that no single request outlasts the export it belongs to.
		Duration timeout = binder.bind(TIMEOUT, Duration.class).orElseGet(() -> ExportTimeout.resolve(environment));
		Map<String, String> headers = new LinkedHashMap<>(boot.getHeaders());
		headers.putAll(ExportHeaders.resolve(properties.getHeaders(), environment));
		String bundle = binder.bind(SSL_BUNDLE, String.class).orElse(null);
		SslBundle ssl = StringUtils.hasText(bundle) ? sslBundles.getObject().getBundle(bundle.trim()) : null;
		return new OtlpExportOptions(timeout, boot.getConnectTimeout(),
				boot.getCompression().name().toLowerCase(Locale.ROOT), headers, ssl);
	}

	void applyTo(OtlpGrpcSpanExporterBuilder builder) {
		builder.setTimeout(this.timeout).setConnectTimeout(this.connectTimeout).setCompression(this.compression);
		apply(builder::addHeader, builder::setSslContext);
	}

	void applyTo(OtlpHttpSpanExporterBuilder builder) {
		builder.setTimeout(this.timeout).setConnectTimeout(this.connectTimeout).setCompression(this.compression);
		apply(builder::addHeader, builder::setSslContext);
	}

	private void apply(BiConsumer<String, String> header, BiConsumer<SSLContext, X509TrustManager> sslContext) {
		this.headers.forEach(header);
		if (this.ssl != null) {
			sslContext.accept(this.ssl.createSslContext(), trustManager(this.ssl));
		}
	}

	private static X509TrustManager trustManager(SslBundle bundle) {
		TrustManager[] managers = bundle.getManagers().getTrustManagers();
		return Arrays.stream(managers)
			.filter(X509TrustManager.class::isInstance)
			.map(X509TrustManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("SSL bundle has no X.509 trust manager"));
	}

}
