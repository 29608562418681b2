package ai.infra.autoconfigure.budget;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for ai-infra's budgets: a limit per agent run, and a limit
 * per value of a baggage key (a tenant) over a window.
 */
@ConfigurationProperties("ai-infra.budget")
public class AiInfraBudgetProperties {

	static final String PREFIX = "ai-infra.budget.";

	/**
	 * Limit in US dollars for one AiAgent run or ChatClient tool loop; when unset, runs
	 * have no limit unless AiAgent.Builder.maxCost sets one.
	 */
	private @Nullable Double perRun;

	/**
	 * Baggage key whose value a window budget applies to.
	 */
	private String key = "tenant.id";

	/**
	 * Length of a budget window; spend starts again from zero in each window.
	 */
	private Duration window = Duration.ofHours(24);

	/**
	 * Limit in US dollars per key value and window, for values without a limit of their
	 * own; when unset, only the values under limits have a budget.
	 */
	private @Nullable Double defaultLimit;

	/**
	 * Limits in US dollars per window for single key values, for example
	 * limits.acme=25.
	 */
	private Map<String, Double> limits = new LinkedHashMap<>();

	/**
	 * What happens when a key value reaches its limit: warn records it, block refuses
	 * its model calls until the window ends.
	 */
	private Action action = Action.WARN;

	/**
	 * Where spend lives: memory keeps it per instance, redis shares it between every
	 * instance through Spring Data Redis.
	 */
	private Store store = Store.MEMORY;

	/**
	 * What happens to model calls while the spend store is unreachable: allow lets them
	 * through, deny refuses them.
	 */
	private StoreFailureAction onStoreFailure = StoreFailureAction.ALLOW;

	public @Nullable Double getPerRun() {
		return this.perRun;
	}

	public void setPerRun(@Nullable Double perRun) {
		BudgetLimits.requireAmount(PREFIX + "per-run", perRun, "0.50");
		this.perRun = perRun;
	}

	public String getKey() {
		return this.key;
	}

	public void setKey(String key) {
		BudgetLimits.requireKey(PREFIX + "key", key);
		this.key = key;
	}

	public Duration getWindow() {
		return this.window;
	}

	public void setWindow(Duration window) {
		BudgetLimits.requireWindow(PREFIX + "window", window);
		this.window = window;
	}

	public @Nullable Double getDefaultLimit() {
		return this.defaultLimit;
	}

	public void setDefaultLimit(@Nullable Double defaultLimit) {
		BudgetLimits.requireAmount(PREFIX + "default-limit", defaultLimit, "10");
		this.defaultLimit = defaultLimit;
	}

	public Map<String, Double> getLimits() {
		return this.limits;
	}

	public void setLimits(Map<String, Double> limits) {
		BudgetLimits.requireAmounts(PREFIX + "limits", limits);
		this.limits = limits;
	}

	public Action getAction() {
		return this.action;
	}

	public void setAction(Action action) {
		this.action = action;
	}

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public StoreFailureAction getOnStoreFailure() {
		return this.onStoreFailure;
	}

	public void setOnStoreFailure(StoreFailureAction onStoreFailure) {
		this.onStoreFailure = onStoreFailure;
	}

	/**
	 * What a window budget does once a key value reaches its limit.
	 */
	public enum Action {

		/**
		 * Record a warning at 80 % and 100 % and let calls through.
		 */
		WARN,

		/**
		 * Refuse model calls until the window ends.
		 */
		BLOCK

	}

	/**
	 * Where spend lives.
	 */
	public enum Store {

		/**
		 * In this instance's memory.
		 */
		MEMORY,

		/**
		 * In Redis, shared by every instance.
		 */
		REDIS

	}

	/**
	 * What happens to model calls while the spend store is unreachable.
	 */
	public enum StoreFailureAction {

		/**
		 * Let them through, keeping their spend to add once the store is back.
		 */
		ALLOW,

		/**
		 * Refuse them with {@code AiBudgetUnavailableException}.
		 */
		DENY

	}

}
