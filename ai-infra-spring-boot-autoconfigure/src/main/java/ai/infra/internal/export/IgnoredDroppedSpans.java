package ai.infra.internal.export;

/**
 * {@link DroppedSpans} that ignores what it is told.
 */
enum IgnoredDroppedSpans implements DroppedSpans {

	INSTANCE;

	@Override
	public void queueFull(long spans) {
	}

	@Override
	public void exportFailed(long spans) {
	}

}
