package ai.infra.internal.export;

/**
 * The OTLP transports. Configuration values bind through Spring Boot's lenient enum
 * conversion, which matches {@code http/protobuf} to {@link #HTTP_PROTOBUF}.
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

}
