package ai.infra.internal.sampling;

/**
 * Told about every local trace that is decided, for the {@code ai.tracing.traces} meter.
 */
public interface TraceDecisions {

	/**
	 * A local trace was decided.
	 * @param kept whether its spans are exported
	 * @param reason why
	 */
	void decided(boolean kept, KeepReason reason);

	/**
	 * Return an instance that ignores what it is told, for when no meter records it.
	 * @return the instance
	 */
	static TraceDecisions ignored() {
		return (kept, reason) -> {
		};
	}

}
