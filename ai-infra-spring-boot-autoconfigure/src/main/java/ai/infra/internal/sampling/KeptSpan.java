package ai.infra.internal.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * An ended span of a kept trace, handed to the export processors as if it had been
 * sampled from the start: its own context and its local parent's report the sampled flag;
 * timings, attributes, events and a remote parent are the recorded ones.
 */
final class KeptSpan extends DelegatingSpanData implements ReadableSpan {

	private static final byte SAMPLED = TraceFlags.getSampled().asByte();

	private final SpanContext spanContext;

	private final SpanContext parentSpanContext;

	KeptSpan(SpanData span) {
		super(span);
		this.spanContext = sampled(span.getSpanContext());
		SpanContext parent = span.getParentSpanContext();
		this.parentSpanContext = (parent.isValid() && !parent.isRemote()) ? sampled(parent) : parent;
	}

	// Other flags (such as W3C's random trace id flag) stay as they were.
	private static SpanContext sampled(SpanContext context) {
		TraceFlags flags = TraceFlags.fromByte((byte) (context.getTraceFlags().asByte() | SAMPLED));
		return SpanContext.create(context.getTraceId(), context.getSpanId(), flags, context.getTraceState());
	}

	@Override
	public SpanContext getSpanContext() {
		return this.spanContext;
	}

	@Override
	public SpanContext getParentSpanContext() {
		return this.parentSpanContext;
	}

	@Override
	public SpanData toSpanData() {
		return this;
	}

	@Override
	@Deprecated
	@SuppressWarnings("deprecation")
	public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
		return super.getInstrumentationLibraryInfo();
	}

	@Override
	public InstrumentationScopeInfo getInstrumentationScopeInfo() {
		return super.getInstrumentationScopeInfo();
	}

	@Override
	public boolean hasEnded() {
		return true;
	}

	@Override
	public long getLatencyNanos() {
		return getEndEpochNanos() - getStartEpochNanos();
	}

	@Override
	public <T> @Nullable T getAttribute(AttributeKey<T> key) {
		return getAttributes().get(key);
	}

}
