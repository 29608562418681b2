package ai.infra.internal.export;

import java.lang.reflect.Method;

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
	 * the answer's status. That exception is internal to the exporter library and its
	 * response type changed between the releases Boot 4.0 and 4.1 manage (for example
	 * {@code statusCode()} became {@code getStatusCode()}), so it is read by name, and
	 * only when an export has failed.
	 */
	private static final class OtlpStatus {

		static @Nullable String of(Throwable failure) {
			if (!Boolean.TRUE.equals(call(failure, "failedWithResponse"))) {
				return null;
			}
			Object response = call(failure, "getResponse");
			if (response == null) {
				return null;
			}
			if (failure.getClass().getSimpleName().equals("HttpExportException")) {
				Object code = call(response, "getStatusCode", "statusCode");
				Object message = call(response, "getStatusMessage", "statusMessage");
				return (code != null) ? "HTTP " + code + (isPresent(message) ? " " + message : "") : null;
			}
			Object code = call(response, "getStatusCode", "grpcStatusValue");
			if (code instanceof Enum<?>) {
				code = call(code, "getValue");
			}
			Object description = call(response, "getStatusDescription", "grpcStatusDescription");
			return (code != null) ? "gRPC status " + code + (isPresent(description) ? ": " + description : "")
					: null;
		}

		private static boolean isPresent(@Nullable Object text) {
			return text != null && !text.toString().isBlank();
		}

		private static @Nullable Object call(Object target, String... names) {
			for (String name : names) {
				try {
					Method method = target.getClass().getMethod(name);
					method.setAccessible(true);
					return method.invoke(target);
				}
				catch (NoSuchMethodException ex) {
					// the other release's name
				}
				catch (ReflectiveOperationException | RuntimeException ex) {
					return null;
				}
			}
			return null;
		}

	}

}
