package ai.infra.budget;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Thrown in place of a model call that a budget does not allow: the run or the tenant has
 * already spent its limit. No request has left the process for that call.
 */
public class AiBudgetExceededException extends RuntimeException {

	private final Scope scope;

	private final String subject;

	private final double limit;

	private final double spent;

	private final @Nullable Instant windowEnd;

	private AiBudgetExceededException(String message, Scope scope, String subject, double limit, double spent,
			@Nullable Instant windowEnd) {
		super(message);
		this.scope = scope;
		this.subject = subject;
		this.limit = limit;
		this.spent = spent;
		this.windowEnd = windowEnd;
	}

	/**
	 * Create the exception for a run that has spent its per-run limit.
	 * @param run the run's agent name
	 * @param limit the run's limit in US dollars
	 * @param spent what the run has spent so far in US dollars
	 * @return the exception
	 */
	public static AiBudgetExceededException forRun(String run, double limit, double spent) {
		return new AiBudgetExceededException("Run of '" + run + "' has spent $" + spent + " of its $" + limit
				+ " budget; its next model call was not made", Scope.RUN, run, limit, spent, null);
	}

	/**
	 * Create the exception for a tenant that has spent its limit in the current window.
	 * @param tenant the value of the budget key, for example the tenant id
	 * @param limit the tenant's limit per window in US dollars
	 * @param spent what the tenant has spent in the window in US dollars
	 * @param windowEnd when the window ends and spending starts again from zero
	 * @return the exception
	 */
	public static AiBudgetExceededException forTenant(String tenant, double limit, double spent, Instant windowEnd) {
		return new AiBudgetExceededException("'" + tenant + "' has spent $" + spent + " of its $" + limit
				+ " budget until " + windowEnd + "; the model call was not made", Scope.TENANT, tenant, limit, spent,
				windowEnd);
	}

	/**
	 * Return which budget was exceeded.
	 * @return the budget's scope
	 */
	public Scope getScope() {
		return this.scope;
	}

	/**
	 * Return whose budget was exceeded: the run's agent name, or the tenant.
	 * @return the run or tenant
	 */
	public String getSubject() {
		return this.subject;
	}

	/**
	 * Return the limit in US dollars.
	 * @return the limit
	 */
	public double getLimit() {
		return this.limit;
	}

	/**
	 * Return what had been spent in US dollars when the call was refused.
	 * @return the spend
	 */
	public double getSpent() {
		return this.spent;
	}

	/**
	 * Return when a tenant's window ends; empty for a run.
	 * @return the end of the window
	 */
	public Optional<Instant> getWindowEnd() {
		return Optional.ofNullable(this.windowEnd);
	}

	/**
	 * The budgets a call can exceed.
	 */
	public enum Scope {

		/**
		 * One {@code AiAgent} run or {@code ChatClient} tool loop.
		 */
		RUN,

		/**
		 * One value of the budget key (a tenant) over a window.
		 */
		TENANT

	}

}
