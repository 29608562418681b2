package ai.infra.internal.observation;

import ai.infra.budget.AiBudgetExceededException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;

/**
 * Records a failure the same way on every kind of ai-infra span ({@code AiSpan},
 * {@code agent.run}, {@code agent.step.N}, {@code llm.generate}, {@code tool.*}): status
 * ERROR with the message, {@code error.type} and an {@code exception} event.
 */
public final class SpanFailures {

	private SpanFailures() {
	}

	/**
	 * Record a failure.
	 * @param span the span of the failed operation
	 * @param error what it failed with
	 */
	public static void record(Span span, Throwable error) {
		span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType(error));
		span.setStatus(StatusCode.ERROR, description(error));
		span.recordException(error);
	}

	// A refusal by a budget is one kind of failure whatever budget refused, so that one
	// query finds them all.
	private static String errorType(Throwable error) {
		return (error instanceof AiBudgetExceededException) ? AiAttributes.BUDGET_EXCEEDED_ERROR_TYPE
				: error.getClass().getName();
	}

	// A status without a description tells an operator nothing; the type is the next best.
	private static String description(Throwable error) {
		String message = error.getMessage();
		return (message != null && !message.isBlank()) ? message : error.getClass().getName();
	}

}
