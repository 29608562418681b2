package ai.infra.internal.sampling;

/**
 * Why a local trace was kept or dropped: the {@code reason} tag of
 * {@code ai.tracing.traces}.
 */
public enum KeepReason {

	/** The head decision (sample rate or the user's sampler) stands. */
	RATIO("ratio"),

	/** A span of the trace ended in error. */
	ERROR("error"),

	/** The local root took longer than {@code keep.slower-than}. */
	SLOW("slow"),

	/** The summed cost of the trace's model calls is above {@code keep.costlier-than}. */
	COSTLY("costly"),

	/** A span of the trace carries a budget warning or block. */
	BUDGET("budget"),

	/** Decided by ratio alone because {@code keep.max-pending-spans} was reached. */
	EVICTED("evicted"),

	/** The user's {@code AiSampler} decided otherwise than the keep rules. */
	SAMPLER("sampler");

	private final String tag;

	KeepReason(String tag) {
		this.tag = tag;
	}

	/**
	 * Return the value of the {@code reason} tag.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
