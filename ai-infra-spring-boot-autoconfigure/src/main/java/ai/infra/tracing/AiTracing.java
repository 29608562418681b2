package ai.infra.tracing;

import java.util.ArrayList;
import java.util.List;

import ai.infra.internal.propagation.AttributedBaggage;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Entry point for code that is not a Spring bean, for example a library or a static
 * helper:
 *
 * <pre class="code">
 * private static final AiTracer tracer = AiTracing.getTracer("com.example.search");
 * </pre>
 *
 * A tracer obtained here looks up its OpenTelemetry instance on every use: the one of the
 * running Spring Boot application once ai-infra's auto-configuration has
 * {@link #register registered} it, otherwise {@link GlobalOpenTelemetry}. So it can be
 * obtained before the application context starts and still reports to the
 * application's exporters. ai-infra never calls {@link GlobalOpenTelemetry#set}, which
 * works only once per JVM.
 */
public final class AiTracing {

	/**
	 * Instrumentation scope name of every span ai-infra makes.
	 */
	public static final String INSTRUMENTATION_NAME = "ai.infra";

	private static final Log logger = LogFactory.getLog(AiTracing.class);

	private static final Object lock = new Object();

	private static final List<Registration> registrations = new ArrayList<>();

	private static volatile @Nullable OpenTelemetry registered;

	private AiTracing() {
	}

	/**
	 * Return a tracer whose spans have the given instrumentation scope name.
	 * @param instrumentationName the name of the instrumented library or component, for
	 * example {@code com.example.search}; {@value #INSTRUMENTATION_NAME} when empty
	 * @return the tracer
	 */
	public static AiTracer getTracer(@Nullable String instrumentationName) {
		String name = (instrumentationName != null && !instrumentationName.isBlank()) ? instrumentationName
				: INSTRUMENTATION_NAME;
		return new AiTracer(new LateBoundSource(name), true);
	}

	/**
	 * Make tracers from {@link #getTracer(String)} use the given OpenTelemetry instance
	 * until the returned registration is closed. The most recent open registration wins;
	 * closing it makes the previous one current again. ai-infra's auto-configuration
	 * registers the application's {@code OpenTelemetry} bean for the lifetime of the
	 * application context.
	 * @param openTelemetry the OpenTelemetry instance
	 * @return the registration, to close when the instance shuts down
	 */
	public static Registration register(OpenTelemetry openTelemetry) {
		Registration registration = new Registration(openTelemetry);
		synchronized (lock) {
			registrations.add(registration);
			registered = openTelemetry;
		}
		return registration;
	}

	/**
	 * Attribute the work inside the returned scope to a tenant, user or feature: until
	 * the scope is closed, the key and value are an entry of the current OpenTelemetry
	 * baggage, so they travel to downstream services with the trace, tag ai-infra's
	 * meters when the key is one of {@code ai-infra.metrics.tags}, and are an attribute of
	 * every ai-infra span started inside, whether or not the key is one of
	 * {@code ai-infra.tracing.baggage-attributes}. Work handed to Spring's task executors
	 * or to Reactor operators inside the scope keeps the attribution.
	 * <pre class="code">
	 * try (AiTracing.Attribution attribution = AiTracing.attribute("tenant.id", tenant)) {
	 *     return chatClient.prompt(question).call().content();
	 * }
	 * </pre>
	 * Close the scope on the thread that opened it; scopes nest, the innermost value of a
	 * key wins. A blank key attributes nothing.
	 * @param key the baggage key, for example {@code tenant.id}
	 * @param value its value, for example the tenant's id
	 * @return the scope, to close when the attributed work is done
	 */
	public static Attribution attribute(String key, String value) {
		if (key == null || key.isBlank() || value == null) {
			return new Attribution(null);
		}
		String name = key.trim();
		Context current = Context.current();
		Baggage baggage = AttributedBaggage.with(Baggage.fromContext(current), name, value);
		return new Attribution(current.with(baggage).makeCurrent());
	}

	static OpenTelemetry openTelemetry() {
		OpenTelemetry openTelemetry = registered;
		// Called lazily, on first use without a registration: GlobalOpenTelemetry.get()
		// freezes the global instance as a no-op when nothing set it before.
		return (openTelemetry != null) ? openTelemetry : GlobalOpenTelemetry.get();
	}

	/**
	 * An OpenTelemetry instance registered for {@link AiTracing}.
	 */
	public static final class Registration implements AutoCloseable {

		private final OpenTelemetry openTelemetry;

		private Registration(OpenTelemetry openTelemetry) {
			this.openTelemetry = openTelemetry;
		}

		/**
		 * Return the registered instance.
		 * @return the OpenTelemetry instance
		 */
		public OpenTelemetry getOpenTelemetry() {
			return this.openTelemetry;
		}

		/**
		 * Stop using the registered instance.
		 */
		@Override
		public void close() {
			synchronized (lock) {
				registrations.remove(this);
				registered = registrations.isEmpty() ? null
						: registrations.get(registrations.size() - 1).openTelemetry;
			}
		}

	}

	/**
	 * A scope in which work is attributed to a baggage entry, from
	 * {@link AiTracing#attribute(String, String)}. Closing it puts back the context that
	 * was current before, on the thread that opened it.
	 */
	public static final class Attribution implements AutoCloseable {

		private @Nullable Scope scope;

		private final Thread thread;

		private Attribution(@Nullable Scope scope) {
			this.scope = scope;
			this.thread = Thread.currentThread();
		}

		/**
		 * End the attribution. Closing more than once does nothing.
		 */
		@Override
		public void close() {
			Scope current = this.scope;
			if (current == null) {
				return;
			}
			if (this.thread != Thread.currentThread()) {
				// Closing here would replace this thread's context with the other's.
				logger.debug("AiTracing.Attribution closed on a thread other than the one that opened it; ignored");
				return;
			}
			this.scope = null;
			current.close();
		}

	}

	/**
	 * Resolves the tracer on each use, caching it per OpenTelemetry instance.
	 */
	private static final class LateBoundSource implements TracerSource {

		private final String instrumentationName;

		private volatile @Nullable Bound bound;

		LateBoundSource(String instrumentationName) {
			this.instrumentationName = instrumentationName;
		}

		@Override
		public Tracer tracer() {
			OpenTelemetry openTelemetry = openTelemetry();
			Bound current = this.bound;
			if (current == null || current.openTelemetry != openTelemetry) {
				current = new Bound(openTelemetry, openTelemetry.getTracer(this.instrumentationName));
				this.bound = current;
			}
			return current.tracer;
		}

		@Override
		public ContextPropagators propagators() {
			return openTelemetry().getPropagators();
		}

		private record Bound(OpenTelemetry openTelemetry, Tracer tracer) {
		}

	}

}
