package ai.infra.internal.observation;

/**
 * Order of ai-infra's observation handlers. Boot groups tracing handlers and lets the
 * first that supports an observation trace it; Boot's own come at 1000 and later.
 */
public final class AiObservationHandlerOrder {

	/**
	 * The order of every ai-infra tracing observation handler.
	 */
	public static final int ORDER = 500;

	private AiObservationHandlerOrder() {
	}

}
