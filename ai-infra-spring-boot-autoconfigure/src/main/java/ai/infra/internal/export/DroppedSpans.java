package ai.infra.internal.export;

/**
 * Told about spans that will never reach the tracing backend, by reason.
 */
public interface DroppedSpans {

	/**
	 * Spans dropped because the span processor's queue was full.
	 * @param spans the number of spans
	 */
	void queueFull(long spans);

	/**
	 * Spans lost with a batch whose export failed.
	 * @param spans the number of spans
	 */
	void exportFailed(long spans);

	/**
	 * Return an instance that ignores what it is told, for when no meter records it.
	 * @return the instance
	 */
	static DroppedSpans ignored() {
		return IgnoredDroppedSpans.INSTANCE;
	}

}
