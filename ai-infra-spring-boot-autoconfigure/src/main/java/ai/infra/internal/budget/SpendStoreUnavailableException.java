package ai.infra.internal.budget;

/**
 * Thrown by a {@link SpendStore} that cannot be reached while calls are to be denied
 * rather than let through unchecked.
 */
public class SpendStoreUnavailableException extends RuntimeException {

	/**
	 * Create a new exception.
	 * @param cause why the store could not be reached
	 */
	public SpendStoreUnavailableException(Throwable cause) {
		super("The spend store is unreachable", cause);
	}

}
