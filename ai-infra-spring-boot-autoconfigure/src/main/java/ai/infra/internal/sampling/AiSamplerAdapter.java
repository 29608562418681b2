package ai.infra.internal.sampling;

import java.util.List;

import ai.infra.tracing.AiSampler;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Adapts a user's {@link AiSampler} to an OpenTelemetry {@link Sampler} for root spans.
 */
final class AiSamplerAdapter implements Sampler {

	private final AiSampler delegate;

	AiSamplerAdapter(AiSampler delegate) {
		this.delegate = delegate;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		return decide(parentContext, traceId, name) ? SamplingResult.recordAndSample() : SamplingResult.drop();
	}

	private boolean decide(Context parentContext, String traceId, String name) {
		try {
			return this.delegate.shouldSample(name, parentContext, traceId);
		}
		catch (RuntimeException ex) {
			// A faulty sampler must never break the traced operation; keeping the trace
			// loses nothing.
			return true;
		}
	}

	@Override
	public String getDescription() {
		return "AiSampler{" + this.delegate + "}";
	}

}
