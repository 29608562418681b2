package ai.infra.internal.tool;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.tool.execution.ToolExecutionException;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;

/**
 * Notes a failing tool on its span before Spring AI's own processor decides what the
 * model hears about it. The decision, and the exception, are left to the delegate.
 */
public final class FailureRecordingToolExecutionExceptionProcessor implements ToolExecutionExceptionProcessor {

	private final ToolExecutionExceptionProcessor delegate;

	private final ObservationRegistry observationRegistry;

	/**
	 * Create a processor.
	 * @param delegate the processor that decides
	 * @param observationRegistry where the current tool observation is found
	 */
	public FailureRecordingToolExecutionExceptionProcessor(ToolExecutionExceptionProcessor delegate,
			ObservationRegistry observationRegistry) {
		this.delegate = delegate;
		this.observationRegistry = observationRegistry;
	}

	@Override
	public String process(ToolExecutionException exception) {
		try {
			Throwable cause = (exception.getCause() != null) ? exception.getCause() : exception;
			ToolCallObservationHandler.markFailed(this.observationRegistry.getCurrentObservation(), cause);
		}
		catch (RuntimeException ex) {
			// Recording must never change how the failure is handled.
		}
		return this.delegate.process(exception);
	}

}
