package ai.infra.internal.propagation;

import java.util.ArrayDeque;
import java.util.Deque;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer's context-propagation library carry the current OpenTelemetry
 * {@link Context} (span and baggage) to other threads: Spring's
 * {@code ContextPropagatingTaskDecorator} for task executors and Reactor's automatic
 * context propagation.
 * <p>
 * Micrometer's own {@code ObservationThreadLocalAccessor} carries the current observation
 * only, so a span started with the OpenTelemetry API inside an observation would be lost
 * on the other thread. This accessor must therefore be registered after it, which
 * {@link #register(ContextRegistry)} does: the library sets values in registration order
 * and restores them in reverse, so scopes close in the order they were opened.
 */
public final class OpenTelemetryContextAccessor implements ThreadLocalAccessor<Context> {

	/**
	 * Key of the OpenTelemetry context in context snapshots and Reactor contexts.
	 */
	public static final String KEY = "ai.infra.opentelemetry.context";

	// The scopes this accessor opened on each thread, most recent first; the context
	// itself lives in OpenTelemetry's context storage.
	private static final ThreadLocal<Deque<Scope>> scopes = new ThreadLocal<>();

	private OpenTelemetryContextAccessor() {
	}

	/**
	 * Register the accessor with the given registry unless one is registered already.
	 * @param registry the registry, usually {@link ContextRegistry#getInstance()}
	 * @return the registered accessor
	 */
	public static OpenTelemetryContextAccessor register(ContextRegistry registry) {
		synchronized (OpenTelemetryContextAccessor.class) {
			for (ThreadLocalAccessor<?> accessor : registry.getThreadLocalAccessors()) {
				if (accessor instanceof OpenTelemetryContextAccessor registered) {
					return registered;
				}
			}
			OpenTelemetryContextAccessor accessor = new OpenTelemetryContextAccessor();
			registry.registerThreadLocalAccessor(accessor);
			return accessor;
		}
	}

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable Context getValue() {
		Context current = Context.current();
		return (current != Context.root()) ? current : null;
	}

	@Override
	public void setValue(Context value) {
		push(value.makeCurrent());
	}

	@Override
	public void setValue() {
		push(Context.root().makeCurrent());
	}

	@Override
	public void restore(Context previousValue) {
		pop();
	}

	@Override
	public void restore() {
		pop();
	}

	private static void push(Scope scope) {
		Deque<Scope> opened = scopes.get();
		if (opened == null) {
			opened = new ArrayDeque<>();
			scopes.set(opened);
		}
		opened.push(scope);
	}

	private static void pop() {
		Deque<Scope> opened = scopes.get();
		if (opened == null) {
			return;
		}
		Scope scope = opened.poll();
		if (opened.isEmpty()) {
			scopes.remove();
		}
		if (scope != null) {
			scope.close();
		}
	}

}
