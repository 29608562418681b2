package ai.infra.internal.llm;

/**
 * When the first content of one streaming model call arrived, for its time to first
 * token.
 */
final class StreamTiming {

	static final String CONTEXT_KEY = StreamTiming.class.getName();

	private volatile long firstContentNanos;

	void markFirstContent() {
		if (this.firstContentNanos == 0) {
			this.firstContentNanos = System.nanoTime();
		}
	}

	long firstContentNanos() {
		return this.firstContentNanos;
	}

}
