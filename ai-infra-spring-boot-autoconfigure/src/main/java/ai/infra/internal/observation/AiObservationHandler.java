package ai.infra.internal.observation;

import ai.infra.budget.AiBudgetExceededException;
import ai.infra.budget.AiBudgetUnavailableException;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.Context;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Base of ai-infra's tracing observation handlers: their order, how they find a parent,
 * and the guard that keeps a failure of ai-infra's own out of the application. A handler
 * only says how its span starts and stops.
 * <p>
 * Boot groups tracing handlers and lets the first that supports an observation trace it;
 * ai-infra's come at {@value #ORDER}, before Boot's own at 1000 and later, and so replace
 * Spring AI's spans for the same operations.
 *
 * @param <T> the observation context type
 */
public abstract class AiObservationHandler<T extends Observation.Context>
		implements TracingObservationHandler<T>, Ordered {

	/**
	 * The order of every ai-infra tracing observation handler.
	 */
	public static final int ORDER = 500;

	private static final Log logger = LogFactory.getLog(AiObservationHandler.class);

	private final Tracer tracer;

	private final String spanName;

	private final Class<?>[] contextTypes;

	/**
	 * Create a handler.
	 * @param tracer Micrometer's tracer, whose scopes make spans current
	 * @param spanName what the handler's spans are called, for its debug log
	 * @param contextTypes the observation contexts the handler traces
	 */
	protected AiObservationHandler(Tracer tracer, String spanName, Class<?>... contextTypes) {
		this.tracer = tracer;
		this.spanName = spanName;
		this.contextTypes = contextTypes;
	}

	@Override
	public final boolean supportsContext(Observation.Context context) {
		for (Class<?> type : this.contextTypes) {
			if (type.isInstance(context)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public final void onStart(T context) {
		try {
			start(context);
		}
		catch (AiBudgetExceededException | AiBudgetUnavailableException refusal) {
			// A budget's refusal is meant for the application: thrown before any other
			// handler has started, it fails the call before its request is made.
			throw refusal;
		}
		catch (RuntimeException ex) {
			// Other handlers, such as Boot's exemplar-aware meter handler, expect a
			// tracing context on every observation.
			getTracingContext(context);
			logFailure("start", ex);
		}
	}

	@Override
	public final void onStop(T context) {
		try {
			stop(context);
		}
		catch (RuntimeException ex) {
			logFailure("finish", ex);
		}
		finally {
			// Ends nothing: a handler ends its own span in stop, a borrowed span is ended
			// by its owner.
			getTracingContext(context).close();
		}
	}

	/**
	 * Log a failure of ai-infra's own, which is never passed on to the application.
	 * @param action what was being done
	 * @param failure what went wrong
	 */
	protected final void logFailure(String action, RuntimeException failure) {
		logger.debug("Could not " + action + " " + this.spanName + " span", failure);
	}

	@Override
	public void onScopeClosed(T context) {
		TracingObservationHandler.super.onScopeClosed(context);
		if (isDoneWithSpanAtScopeClose(context)) {
			// Nothing that runs inside the observation is left to start. Without the span,
			// Boot's exemplar-aware meter handler records Spring AI's timer in onStop without
			// making the span current again: that would pass two more scope events through
			// every listener and the MDC (a tenth of a sampled model call), for an exemplar
			// that Spring AI's timer, a summary unless the application gives it histogram
			// buckets, has nowhere to put. ai-infra's own meters are recorded with the span
			// current.
			getTracingContext(context).setSpan(null);
		}
	}

	/**
	 * Return whether an observation whose scope has just closed will not open it again,
	 * as a blocking call's does not, so that its span is no longer needed for what runs
	 * inside it.
	 * @param context the observation's context
	 * @return whether the span can be let go of; {@code false} unless a handler knows
	 */
	protected boolean isDoneWithSpanAtScopeClose(T context) {
		return false;
	}

	/**
	 * Start the span of an observation, or decide to make none.
	 * @param context the observation's context
	 */
	protected abstract void start(T context);

	/**
	 * Finish the span of an observation.
	 * @param context the observation's context
	 */
	protected abstract void stop(T context);

	@Override
	public void onError(T context) {
	}

	@Override
	public void onEvent(Observation.Event event, T context) {
	}

	/**
	 * Return the parent of a span an observation starts, the way Micrometer's own tracing
	 * handler finds it: the span of the parent observation, else the current span. Call
	 * it before the observation's own tracing context exists, which would otherwise be
	 * taken for the parent's.
	 * @param context the observation's context
	 * @return the parent span, or {@code null} for a root
	 */
	protected final @Nullable Span parentSpan(T context) {
		Span parent = getParentSpan(context);
		return (parent != null) ? parent : this.tracer.currentSpan();
	}

	/**
	 * Return the OpenTelemetry context a child of the given parent starts in; it keeps
	 * the current context's baggage.
	 * @param parent the parent span, or {@code null} for a root
	 * @return the context
	 */
	protected static Context contextOf(@Nullable Span parent) {
		return (parent != null) ? Context.current().with(OtelSpan.toOtel(parent)) : Context.current();
	}

	/**
	 * Make an ai-infra span the observation's tracing span, so that work inside it (an
	 * HTTP client span, log lines) belongs to it.
	 * @param context the observation's context
	 * @param span the span
	 * @param parent the context the span was started in
	 */
	protected final void useSpan(T context, io.opentelemetry.api.trace.Span span, Context parent) {
		getTracingContext(context).setSpan(OtelSpan.fromOtel(span, parent.with(span)));
	}

	@Override
	public final Tracer getTracer() {
		return this.tracer;
	}

	@Override
	public final int getOrder() {
		return ORDER;
	}

}
