package ai.infra.autoconfigure.tracing;

import ai.infra.autoconfigure.tracing.ExportEndpoints.ConfiguredEndpoint;
import ai.infra.internal.export.OtlpProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.core.env.Environment;

/**
 * Boot's OTLP endpoint, from an {@link OtlpTracingConnectionDetails} bean or Boot's
 * endpoint property, which the {@code otlp} exporter sends to when no ai-infra endpoint
 * is set. Its transport is ai-infra's {@code protocol} if set, else Boot's
 * {@value #TRANSPORT}.
 */
final class BootOtlpEndpoint {

	static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	static final String TRANSPORT = "management.opentelemetry.tracing.export.otlp.transport";

	private final @Nullable OtlpTracingConnectionDetails details;

	private final @Nullable String property;

	private final Transport transport;

	private BootOtlpEndpoint(@Nullable OtlpTracingConnectionDetails details, @Nullable String property,
			Transport transport) {
		this.details = details;
		this.property = property;
		this.transport = transport;
	}

	/**
	 * Find Boot's OTLP endpoint.
	 * @param details the connection details bean, if any
	 * @param environment the environment
	 * @return the endpoint, or {@code null} when Boot has none
	 */
	static @Nullable BootOtlpEndpoint find(ObjectProvider<OtlpTracingConnectionDetails> details,
			Environment environment) {
		String property = environment.getProperty(ENDPOINT);
		OtlpTracingConnectionDetails bean = details.getIfUnique();
		if (bean == null && property == null) {
			return null;
		}
		return new BootOtlpEndpoint(bean, property, transport(environment));
	}

	static Transport transport(Environment environment) {
		return Binder.get(environment).bind(TRANSPORT, Transport.class).orElse(Transport.HTTP);
	}

	static OtlpProtocol protocol(@Nullable OtlpProtocol configured, Transport transport) {
		if (configured != null) {
			return configured;
		}
		return (transport == Transport.GRPC) ? OtlpProtocol.GRPC : OtlpProtocol.HTTP_PROTOBUF;
	}

	OtlpProtocol protocol(@Nullable OtlpProtocol configured) {
		return protocol(configured, this.transport);
	}

	ConfiguredEndpoint endpoint(@Nullable OtlpProtocol configured) {
		Transport wanted = (protocol(configured) == OtlpProtocol.GRPC) ? Transport.GRPC : Transport.HTTP;
		return new ConfiguredEndpoint(ENDPOINT, url(wanted), true);
	}

	private String url(Transport wanted) {
		if (this.details == null) {
			return this.property;
		}
		try {
			return this.details.getUrl(wanted);
		}
		catch (IllegalStateException ex) {
			// Boot's property-based details answer only for Boot's own transport; with
			// ai-infra's protocol set to the other one, the endpoint property is the URL.
			if (this.property != null) {
				return this.property;
			}
			throw ex;
		}
	}

}
