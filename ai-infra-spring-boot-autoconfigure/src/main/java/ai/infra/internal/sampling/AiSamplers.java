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
		return Sampler.parentBased(root(rate, custom));
	}

	/**
	 * Create a parent-based sampler that records, without sampling, the local traces that
	 * the head decision drops, for a {@link KeepSamplingSpanProcessor} to decide on the
	 * whole trace.
	 * @param rate the fraction of root traces to sample, from 0.0 to 1.0
	 * @param custom a user sampler that replaces the ratio for root spans, or {@code null}
	 * @return the sampler
	 */
	public static Sampler keeping(double rate, @Nullable AiSampler custom) {
		return new KeepSampler(root(rate, custom));
	}

	/**
	 * Return whether the given sampler is one that {@link #keeping} created.
	 * @param sampler the sampler
	 * @return whether unsampled local traces are recorded for keep-sampling
	 */
	public static boolean isKeeping(Sampler sampler) {
		return sampler instanceof KeepSampler;
	}

	private static Sampler root(double rate, @Nullable AiSampler custom) {
		return (custom != null) ? new AiSamplerAdapter(custom) : Sampler.traceIdRatioBased(rate);
	}

}
