package ai.infra.tracing;

import java.util.function.Supplier;

import ai.infra.internal.propagation.OpenTelemetryContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.opentelemetry.context.Context;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.util.ClassUtils;

/**
 * Spans around Reactor pipelines, such as a streamed model response. Kept apart from
 * {@link AiTracer} so that the tracer works without Reactor on the class path.
 *
 * <pre class="code">
 * Flux&lt;String&gt; answer = AiReactorTracing.traceFlux(tracer, "answer_stream",
 *         () -&gt; chatClient.prompt(question).stream().content());
 * </pre>
 *
 * The span starts when the publisher is subscribed to and ends when it completes, fails
 * (recording the exception, status {@code ERROR}) or is cancelled; every signal reaches
 * the subscriber unchanged. The supplier is called once per subscription, as with
 * {@link Mono#defer}. The span is written to the Reactor context, so with automatic
 * context propagation ({@code spring.reactor.context-propagation=auto}, ai-infra's
 * default) spans and log lines inside the pipeline's operators belong to it, on whatever
 * thread they run.
 */
public final class AiReactorTracing {

	private static final boolean CONTEXT_PROPAGATION_PRESENT = ClassUtils
		.isPresent("io.micrometer.context.ContextRegistry", AiReactorTracing.class.getClassLoader());

	static {
		if (CONTEXT_PROPAGATION_PRESENT) {
			AccessorRegistration.register();
		}
	}

	private AiReactorTracing() {
	}

	/**
	 * Trace a {@link Mono}.
	 * @param <T> the element type
	 * @param tracer the tracer
	 * @param name the span name
	 * @param work creates the mono to trace
	 * @return a mono that emits exactly what the traced one emits
	 */
	public static <T> Mono<T> traceMono(AiTracer tracer, String name, Supplier<? extends Mono<T>> work) {
		return Mono.deferContextual((reactorContext) -> {
			AiSpan span = tracer.startDetached(name, parent(reactorContext));
			Mono<T> mono = assemble(span, work);
			return mono.doOnSuccess((value) -> span.end())
				.doOnError((failure) -> failAndEnd(span, failure))
				.doOnCancel(() -> cancelAndEnd(span))
				.contextWrite((context) -> context.put(OpenTelemetryContextAccessor.KEY, span.otelContext()));
		});
	}

	/**
	 * Trace a {@link Flux}.
	 * @param <T> the element type
	 * @param tracer the tracer
	 * @param name the span name
	 * @param work creates the flux to trace
	 * @return a flux that emits exactly what the traced one emits
	 */
	public static <T> Flux<T> traceFlux(AiTracer tracer, String name, Supplier<? extends Flux<T>> work) {
		return Flux.deferContextual((reactorContext) -> {
			AiSpan span = tracer.startDetached(name, parent(reactorContext));
			Flux<T> flux = assemble(span, work);
			return flux.doOnComplete(span::end)
				.doOnError((failure) -> failAndEnd(span, failure))
				.doOnCancel(() -> cancelAndEnd(span))
				.contextWrite((context) -> context.put(OpenTelemetryContextAccessor.KEY, span.otelContext()));
		});
	}

	private static Context parent(ContextView reactorContext) {
		Object parent = reactorContext.getOrDefault(OpenTelemetryContextAccessor.KEY, null);
		return (parent instanceof Context context) ? context : Context.current();
	}

	private static <P> P assemble(AiSpan span, Supplier<? extends P> work) {
		span.attach();
		try {
			P publisher = work.get();
			if (publisher == null) {
				span.end();
			}
			return publisher;
		}
		catch (RuntimeException | Error ex) {
			failAndEnd(span, ex);
			throw ex;
		}
		finally {
			span.detach();
		}
	}

	private static void failAndEnd(AiSpan span, Throwable failure) {
		span.fail(failure);
		span.end();
	}

	private static void cancelAndEnd(AiSpan span) {
		span.cancelled();
		span.end();
	}

	/**
	 * Registers the accessor that Reactor needs to restore the span on other threads,
	 * for applications that use this class without ai-infra's auto-configuration.
	 */
	private static final class AccessorRegistration {

		static void register() {
			OpenTelemetryContextAccessor.register(ContextRegistry.getInstance());
		}

	}

}
