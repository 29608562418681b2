package ai.infra.internal.sampling;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * A parent-based sampler that records, without sampling, what the head decision would
 * drop, so that {@link KeepSamplingSpanProcessor} can still keep the whole local trace.
 * The span context of such a span is not sampled, so an outgoing {@code traceparent}
 * carries the head decision.
 */
final class KeepSampler implements Sampler {

	private final Sampler root;

	KeepSampler(Sampler root) {
		this.root = root;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		Span parent = Span.fromContext(parentContext);
		SpanContext parentSpanContext = parent.getSpanContext();
		if (!parentSpanContext.isValid()) {
			SamplingResult result = this.root.shouldSample(parentContext, traceId, name, spanKind, attributes,
					parentLinks);
			return (result.getDecision() == SamplingDecision.DROP) ? SamplingResult.recordOnly() : result;
		}
		if (parentSpanContext.isSampled()) {
			return SamplingResult.recordAndSample();
		}
		// An unsampled remote parent starts a local trace of its own; an unsampled local
		// parent is only recorded while its trace is still undecided.
		return (parentSpanContext.isRemote() || parent.isRecording()) ? SamplingResult.recordOnly()
				: SamplingResult.drop();
	}

	@Override
	public String getDescription() {
		return "KeepSampler{root:" + this.root.getDescription() + ",remoteParentSampled:AlwaysOnSampler,"
				+ "remoteParentNotSampled:RecordOnly,localParentSampled:AlwaysOnSampler,"
				+ "localParentNotSampled:RecordOnlyWhileRecorded}";
	}

}
