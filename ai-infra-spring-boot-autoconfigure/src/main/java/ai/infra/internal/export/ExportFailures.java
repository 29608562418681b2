package ai.infra.internal.export;

import io.opentelemetry.exporter.internal.FailedExportException;
import org.jspecify.annotations.Nullable;

/**
 * Describes why an export failed, in one line for a log message: the status the endpoint
 * answered with, or the error that kept the request from being answered. Never includes
 * request headers.
 */
final class ExportFailures {

	private static final String OTLP_FAILURE = "io.opentelemetry.exporter.internal.FailedExportException";

	private ExportFailures() {
	}

	static String describe(@Nullable Throwable failure) {
		if (failure == null) {
			return "the exporter reported a failure";
		}
		Throwable error = failure;
		if (failure.getClass().getName().startsWith(OTLP_FAILURE)) {
			String status = OtlpStatus.of(failure);
			if (status != null) {
				return status;
			}
			// Only a wrapper of the error that kept the request from being answered.
			error = (failure.getCause() != null) ? failure.getCause() : failure;
		}
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root != error) ? describeOne(error) + " (" + describeOne(root) + ")" : describeOne(error);
	}

	private static String describeOne(Throwable error) {
		return (error.getMessage() != null) ? error.getClass().getSimpleName() + ": " + error.getMessage()
				: error.getClass().getSimpleName();
	}

	/**
	 * The OTLP exporters fail an export that got an answer with an exception that carries
	 * the answer's status, and nothing else; its class comes from the optional OTLP
	 * exporter library, so it is only touched when the failure is one.
	 */
	private static final class OtlpStatus {

		static @Nullable String of(Throwable failure) {
			if (failure instanceof FailedExportException.HttpExportException http && http.failedWithResponse()) {
				String message = http.getResponse().statusMessage();
				return "HTTP " + http.getResponse().statusCode()
						+ ((message != null && !message.isBlank()) ? " " + message : "");
			}
			if (failure instanceof FailedExportException.GrpcExportException grpc && grpc.failedWithResponse()) {
				String description = grpc.getResponse().grpcStatusDescription();
				return "gRPC status " + grpc.getResponse().grpcStatusValue()
						+ ((description != null && !description.isBlank()) ? ": " + description : "");
			}
			return null;
		}

	}

}
