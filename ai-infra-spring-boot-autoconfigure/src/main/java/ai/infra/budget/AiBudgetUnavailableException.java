package ai.infra.budget;

/**
 * Thrown in place of a model call while the shared spend store cannot be reached and
 * {@code ai-infra.budget.on-store-failure} is {@code deny}. No request has left the
 * process for that call.
 */
public class AiBudgetUnavailableException extends RuntimeException {

	private final String tenant;

	/**
	 * Create a new exception.
	 * @param tenant the value of the budget key whose spend could not be read
	 * @param cause why the store could not be reached
	 */
	public AiBudgetUnavailableException(String tenant, Throwable cause) {
		super("The budget of '" + tenant
				+ "' cannot be checked because the spend store is unreachable; the model call was not made", cause);
		this.tenant = tenant;
	}

	/**
	 * Return the value of the budget key whose spend could not be read.
	 * @return the tenant
	 */
	public String getTenant() {
		return this.tenant;
	}

}
