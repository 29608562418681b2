package ai.infra.internal.sampling;

import ai.infra.tracing.AiSampler;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OpenTelemetry {@link Sampler} ai-infra installs: child spans follow their
 * parent, root spans are decided by a user's {@link AiSampler} or by a trace-id ratio.
 */
public final class AiSamplers {

	private AiSamplers() {
	}

	/**
	 * Create a parent-based sampler.
	 * @param rate the fraction of root traces to keep, from 0.0 to 1.0
	 * @param custom a user sampler that replaces the ratio for root spans, or {@code null}
	 * @return the sampler
	 */
	public static Sampler parentBased(double rate, @Nullable AiSampler custom) {
		Sampler root = (custom != null) ? new AiSamplerAdapter(custom) : Sampler.traceIdRatioBased(rate);
		return Sampler.parentBased(root);
	}

}
