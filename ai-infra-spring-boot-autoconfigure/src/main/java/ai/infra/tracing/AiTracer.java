package ai.infra.tracing;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Starts spans around the application's own operations, next to the ones ai-infra makes
 * for model calls, tools and agents. Inject the {@code AiTracer} bean, or use
 * {@link AiTracing#getTracer(String)} outside Spring.
 *
 * <pre class="code">
 * try (AiSpan span = tracer.startSpan("rank_documents")) {
 *     span.setAttribute("documents", documents.size());
 *     return ranker.rank(documents);
 * }
 * </pre>
 *
 * Nothing here throws into the application or changes what it sees: the async forms hand
 * back exactly the result or exception of the traced work.
 */
public final class AiTracer {

	private static final Log logger = LogFactory.getLog(AiTracer.class);

	private static final AiTracer NOOP = new AiTracer(
			TracerSource.of(OpenTelemetry.noop().getTracer(AiTracing.INSTRUMENTATION_NAME),
					ContextPropagators.noop()),
			false);

	private final TracerSource source;

	private final boolean attaching;

	AiTracer(TracerSource source, boolean attaching) {
		this.source = source;
		this.attaching = attaching;
	}

	/**
	 * Create a tracer that makes spans with the given OpenTelemetry instance, under the
	 * instrumentation scope {@value AiTracing#INSTRUMENTATION_NAME}, and propagates with
	 * its propagators.
	 * @param openTelemetry the OpenTelemetry instance
	 * @return the tracer
	 */
	public static AiTracer create(OpenTelemetry openTelemetry) {
		return create(openTelemetry.getTracer(AiTracing.INSTRUMENTATION_NAME), openTelemetry.getPropagators());
	}

	/**
	 * Create a tracer from an OpenTelemetry tracer and propagators.
	 * @param tracer the OpenTelemetry tracer
	 * @param propagators the propagators used by {@link #inject} and {@link #extract}
	 * @return the tracer
	 */
	public static AiTracer create(Tracer tracer, ContextPropagators propagators) {
		return new AiTracer(TracerSource.of(tracer, propagators), true);
	}

	/**
	 * Return a tracer that records nothing and never touches the current context, as
	 * used when {@code ai-infra.tracing.enabled=false}.
	 * @return the no-op tracer
	 */
	public static AiTracer noop() {
		return NOOP;
	}

	/**
	 * Start a span that is a child of the current span (or a new trace when there is
	 * none) and make it current until it is closed.
	 * @param name the span name, for example {@code rank_documents}
	 * @return the span, to close when the operation ends
	 */
	public AiSpan startSpan(String name) {
		return startSpan(name, Context.current());
	}

	/**
	 * Start a span with an explicit parent, for example one
	 * {@link #extract(Map) extracted} from the headers of an incoming message, and make it
	 * current until it is closed. A parent without a valid span starts a new trace.
	 * @param name the span name
	 * @param parent the parent context
	 * @return the span, to close when the operation ends
	 */
	public AiSpan startSpan(String name, @Nullable AiTraceContext parent) {
		Context parentContext = (parent != null) ? parent.toOpenTelemetry() : Context.root();
		return startSpan(name, parentContext);
	}

	private AiSpan startSpan(String name, Context parent) {
		AiSpan span = startDetached(name, parent);
		span.attach();
		return span;
	}

	AiSpan startDetached(@Nullable String name, Context parent) {
		String spanName = (name != null && !name.isBlank()) ? name : "unnamed";
		try {
			Span span = this.source.tracer().spanBuilder(spanName).setParent(parent).startSpan();
			return new AiSpan(span, parent.with(span), this.attaching);
		}
		catch (RuntimeException ex) {
			logger.debug("Failed to start span '" + spanName + "'", ex);
			return new AiSpan(Span.getInvalid(), parent, false);
		}
	}

	/**
	 * Run asynchronous work in a span that ends when the returned stage completes. The
	 * span is current while {@code work} is called, so tasks it submits to Spring's task
	 * executor and spans it starts are children of it. A failure is recorded on the span,
	 * which gets status {@code ERROR}; the returned future completes with exactly the
	 * value or exception of the work's stage. An exception thrown by {@code work} itself
	 * is recorded and rethrown unchanged.
	 * @param <T> the result type
	 * @param name the span name
	 * @param work starts the work and returns its stage
	 * @return a future that completes like the work's stage, after the span ended, or
	 * {@code null} when {@code work} returned {@code null}
	 */
	public <T> CompletableFuture<T> traceAsync(String name, Supplier<? extends CompletionStage<T>> work) {
		AiSpan span = startSpan(name);
		CompletionStage<T> stage;
		try {
			stage = work.get();
		}
		catch (RuntimeException | Error ex) {
			span.fail(ex);
			span.close();
			throw ex;
		}
		finally {
			span.detach();
		}
		if (stage == null) {
			span.end();
			return null;
		}
		CompletableFuture<T> result = new CompletableFuture<>();
		stage.whenComplete((value, failure) -> {
			try {
				if (failure != null) {
					span.fail(unwrap(failure));
				}
				span.end();
			}
			finally {
				if (failure != null) {
					result.completeExceptionally(failure);
				}
				else {
					result.complete(value);
				}
			}
		});
		result.whenComplete((value, failure) -> {
			if (result.isCancelled()) {
				cancel(stage);
			}
		});
		return result;
	}

	private static void cancel(CompletionStage<?> stage) {
		try {
			stage.toCompletableFuture().cancel(false);
		}
		catch (UnsupportedOperationException ex) {
			// A stage that cannot be converted cannot be cancelled by the caller either.
		}
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Write the current trace context and baggage into outgoing headers, with the
	 * application's propagators (W3C {@code traceparent} and {@code baggage} by default).
	 * @param headers a mutable map of header names to values
	 */
	public void inject(Map<String, String> headers) {
		if (headers == null) {
			return;
		}
		try {
			this.source.propagators().getTextMapPropagator().inject(Context.current(), headers, Map::put);
		}
		catch (RuntimeException ex) {
			logger.debug("Failed to inject trace context into headers", ex);
		}
	}

	/**
	 * Read a trace context and baggage from incoming headers, to use as the parent of
	 * {@link #startSpan(String, AiTraceContext)}. Missing or malformed headers give a
	 * context without a span, so the span starts a new trace.
	 * @param headers header names to values; names are matched ignoring case
	 * @return the extracted context, never {@code null}
	 */
	public AiTraceContext extract(Map<String, String> headers) {
		if (headers == null || headers.isEmpty()) {
			return AiTraceContext.empty();
		}
		try {
			Context extracted = this.source.propagators()
				.getTextMapPropagator()
				.extract(Context.root(), headers, HeadersGetter.INSTANCE);
			return AiTraceContext.of(extracted);
		}
		catch (RuntimeException ex) {
			logger.debug("Failed to extract trace context from headers", ex);
			return AiTraceContext.empty();
		}
	}

	@Override
	public String toString() {
		return (this == NOOP) ? "AiTracer{noop}" : "AiTracer";
	}

}
