package ai.infra.autoconfigure.tracing;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.StandardEnvironment;

/**
 * Puts Boot's logging back to its defaults after a test started an application with
 * ai-infra's JSON format, so later tests in the same JVM log as usual.
 */
public final class LoggingReset {

	private LoggingReset() {
	}

	public static void toDefaults() {
		LoggingSystem loggingSystem = LoggingSystem.get(LoggingReset.class.getClassLoader());
		loggingSystem.cleanUp();
		loggingSystem.beforeInitialize();
		loggingSystem.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
	}

}
