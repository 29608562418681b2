package ai.infra.internal.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The OTLP transports.
 */
public enum OtlpProtocol {

	/**
	 * OTLP over gRPC, usually on port 4317.
	 */
	GRPC("grpc"),

	/**
	 * OTLP over HTTP with protobuf bodies, usually on port 4318.
	 */
	HTTP_PROTOBUF("http/protobuf");

	/**
	 * The port OTLP/gRPC listens on by convention.
	 */
	public static final int GRPC_PORT = 4317;

	private final String id;

	OtlpProtocol(String id) {
		this.id = id;
	}

	/**
	 * Return the name used in configuration.
	 * @return the id, for example {@code http/protobuf}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Find the protocol with the given configuration name, ignoring case.
	 * @param id the configured name
	 * @return the protocol, if the name is known
	 */
	public static Optional<OtlpProtocol> fromId(@Nullable String id) {
		if (id == null) {
			return Optional.empty();
		}
		String normalized = id.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((protocol) -> protocol.id.equals(normalized)).findFirst();
	}

}
