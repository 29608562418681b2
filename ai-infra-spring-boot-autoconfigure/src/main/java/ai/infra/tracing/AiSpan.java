package ai.infra.tracing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.infra.internal.observation.SpanFailures;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One traced operation. A span returned by {@link AiTracer#startSpan(String)} is current
 * on the calling thread until it is closed, so spans started inside the block become its
 * children and log lines written inside it carry its trace and span ids. Use it with
 * try-with-resources:
 *
 * <pre class="code">
 * try (AiSpan span = tracer.startSpan("summarize")) {
 *     span.setAttribute("ai.model", "gpt-4o");
 *     ...
 * }
 * </pre>
 *
 * Closing ends the span, also when the block throws. No method throws into the
 * application; calls after the span ended are ignored.
 */
public final class AiSpan implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AiSpan.class);

	private final Span span;

	private final Context context;

	private final boolean attachable;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final SpanScope scope = new SpanScope();

	AiSpan(Span span, Context context, boolean attachable) {
		this.span = span;
		this.context = context;
		this.attachable = attachable;
	}

	/**
	 * Set a string attribute.
	 * @param key the attribute name
	 * @param value the value
	 * @return this span
	 */
	public AiSpan setAttribute(String key, @Nullable String value) {
		return set(key, value);
	}

	/**
	 * Set an integer attribute.
	 * @param key the attribute name
	 * @param value the value
	 * @return this span
	 */
	public AiSpan setAttribute(String key, long value) {
		return set(key, value);
	}

	/**
	 * Set a floating point attribute.
	 * @param key the attribute name
	 * @param value the value
	 * @return this span
	 */
	public AiSpan setAttribute(String key, double value) {
		return set(key, value);
	}

	/**
	 * Set a boolean attribute.
	 * @param key the attribute name
	 * @param value the value
	 * @return this span
	 */
	public AiSpan setAttribute(String key, boolean value) {
		return set(key, value);
	}

	/**
	 * Set a string array attribute.
	 * @param key the attribute name
	 * @param values the values
	 * @return this span
	 */
	public AiSpan setAttribute(String key, String @Nullable [] values) {
		return set(key, values);
	}

	/**
	 * Set an integer array attribute.
	 * @param key the attribute name
	 * @param values the values
	 * @return this span
	 */
	public AiSpan setAttribute(String key, long @Nullable [] values) {
		return set(key, values);
	}

	/**
	 * Set a floating point array attribute.
	 * @param key the attribute name
	 * @param values the values
	 * @return this span
	 */
	public AiSpan setAttribute(String key, double @Nullable [] values) {
		return set(key, values);
	}

	/**
	 * Set a boolean array attribute.
	 * @param key the attribute name
	 * @param values the values
	 * @return this span
	 */
	public AiSpan setAttribute(String key, boolean @Nullable [] values) {
		return set(key, values);
	}

	/**
	 * Set an array attribute from a list. A list of only booleans becomes a boolean
	 * array, of only integral numbers an integer array, of only numbers a floating point
	 * array, and anything else a string array. {@code null} elements are left out.
	 * @param key the attribute name
	 * @param values the values
	 * @return this span
	 */
	public AiSpan setAttribute(String key, @Nullable List<?> values) {
		return set(key, values);
	}

	private AiSpan set(@Nullable String key, @Nullable Object value) {
		try {
			AttributesBuilder builder = Attributes.builder();
			AttributeValues.put(builder, key, value);
			this.span.setAllAttributes(builder.build());
		}
		catch (RuntimeException ex) {
			logger.debug("Failed to set span attribute '" + key + "'", ex);
		}
		return this;
	}

	/**
	 * Record that something happened at this moment.
	 * @param name the event name
	 * @return this span
	 */
	public AiSpan addEvent(String name) {
		return addEvent(name, Map.of());
	}

	/**
	 * Record that something happened at this moment, with attributes. Values are
	 * converted as by the {@code setAttribute} methods.
	 * @param name the event name
	 * @param attributes the event attributes
	 * @return this span
	 */
	public AiSpan addEvent(String name, @Nullable Map<String, ?> attributes) {
		try {
			this.span.addEvent((name != null) ? name : "event", AttributeValues.toAttributes(attributes));
		}
		catch (RuntimeException ex) {
			logger.debug("Failed to add span event '" + name + "'", ex);
		}
		return this;
	}

	/**
	 * Record an exception as an {@code exception} event with its type, message and stack
	 * trace. The status is not changed; use {@link #setStatus(StatusCode, String)} to
	 * mark the span as failed.
	 * @param exception the exception
	 * @return this span
	 */
	public AiSpan recordException(@Nullable Throwable exception) {
		if (exception != null) {
			this.span.recordException(exception);
		}
		return this;
	}

	/**
	 * Set the status of the operation.
	 * @param statusCode {@link StatusCode#OK}, {@link StatusCode#ERROR} or
	 * {@link StatusCode#UNSET}
	 * @return this span
	 */
	public AiSpan setStatus(StatusCode statusCode) {
		return setStatus(statusCode, null);
	}

	/**
	 * Set the status of the operation with a description, which OpenTelemetry keeps only
	 * for {@link StatusCode#ERROR}.
	 * @param statusCode {@link StatusCode#OK}, {@link StatusCode#ERROR} or
	 * {@link StatusCode#UNSET}
	 * @param description why the operation failed
	 * @return this span
	 */
	public AiSpan setStatus(StatusCode statusCode, @Nullable String description) {
		if (statusCode != null) {
			this.span.setStatus(statusCode, (description != null) ? description : "");
		}
		return this;
	}

	/**
	 * Return the id of this span's trace.
	 * @return 32 lowercase hex characters, all zeros when tracing is disabled
	 */
	public String traceId() {
		return spanContext().getTraceId();
	}

	/**
	 * Return the id of this span.
	 * @return 16 lowercase hex characters, all zeros when tracing is disabled
	 */
	public String spanId() {
		return spanContext().getSpanId();
	}

	/**
	 * Return the context of this span, to use it as the parent of a span started
	 * elsewhere, for example on another thread.
	 * @return the context
	 */
	public AiTraceContext context() {
		return AiTraceContext.of(this.context);
	}

	/**
	 * Return whether this span is recorded; it is not when it was sampled out or tracing
	 * is disabled.
	 * @return whether attributes and events are kept
	 */
	public boolean isRecording() {
		return this.span.isRecording();
	}

	/**
	 * End the span and, on the thread that started it, make the previous context current
	 * again. Calling it more than once has no further effect.
	 */
	@Override
	public void close() {
		detach();
		end();
	}

	private SpanContext spanContext() {
		return this.span.getSpanContext();
	}

	Context otelContext() {
		return this.context;
	}

	void attach() {
		if (this.attachable) {
			this.scope.open(this.context, spanContext());
		}
	}

	void detach() {
		this.scope.close();
	}

	void end() {
		if (this.ended.compareAndSet(false, true)) {
			this.span.end();
		}
	}

	void fail(Throwable failure) {
		if (failure instanceof CancellationException) {
			this.span.addEvent("cancelled");
			return;
		}
		SpanFailures.record(this.span, failure);
	}

	void cancelled() {
		this.span.addEvent("cancelled");
	}

	@Override
	public String toString() {
		return "AiSpan{traceId=" + traceId() + ", spanId=" + spanId() + "}";
	}

}
