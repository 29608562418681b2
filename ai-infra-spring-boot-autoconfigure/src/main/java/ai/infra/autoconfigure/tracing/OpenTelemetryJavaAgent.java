package ai.infra.autoconfigure.tracing;

import org.jspecify.annotations.Nullable;

/**
 * Tells whether the OpenTelemetry Java agent is attached to this JVM. The agent appends
 * its bootstrap classes to the bootstrap class path when it starts, so they are visible
 * through every class loader and are defined by the bootstrap loader; the agent jar
 * merely sitting on the application's class path does not count as attached.
 */
final class OpenTelemetryJavaAgent {

	/**
	 * A class of the agent's bootstrap package, present once the agent has started.
	 */
	static final String BOOTSTRAP_CLASS = "io.opentelemetry.javaagent.bootstrap.AgentInitializer";

	private OpenTelemetryJavaAgent() {
	}

	/**
	 * Whether the agent is attached, seen through the given class loader.
	 * @param classLoader the application's class loader, or {@code null} for the
	 * bootstrap loader
	 * @return whether the agent's bootstrap classes were loaded by the bootstrap loader
	 */
	static boolean isAttached(@Nullable ClassLoader classLoader) {
		try {
			return Class.forName(BOOTSTRAP_CLASS, false, classLoader).getClassLoader() == null;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
