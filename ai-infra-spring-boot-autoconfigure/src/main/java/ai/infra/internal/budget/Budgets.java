package ai.infra.internal.budget;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import ai.infra.budget.AiBudgetExceededException;
import ai.infra.budget.AiBudgetUnavailableException;
import ai.infra.internal.cost.Dollars;
import ai.infra.internal.observation.AgentRun;
import ai.infra.internal.observation.AiAttributes;
import ai.infra.internal.observation.RunAccount;
import ai.infra.internal.observation.SpanFailures;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Applies the per-run and per-tenant budgets to model calls. A call is admitted as it
 * starts, before any request leaves the process: a run or, with {@code block}, a tenant
 * that has already spent its limit gets its call refused. The tenant is read from the
 * baggage then, and the call's spend goes to that tenant's window when it ends, sampled
 * or not. Whether a call crossed 80 % or 100 % of its tenant's limit is judged from the
 * total the store returns for that very addition, so with a store shared by several
 * instances exactly one of them sees each crossing.
 * <p>
 * Spend can pass a limit only by the calls that were already in flight when it was
 * reached: each was admitted while the spend was below the limit.
 */
public final class Budgets {

	private static final Log logger = LogFactory.getLog(Budgets.class);

	private static final int WARNING_LEVEL = 80;

	private static final int FULL_LEVEL = 100;

	private final SpendStore store;

	private final BudgetRules rules;

	private final Clock clock;

	private final @Nullable BudgetMeters meters;

	private final String storeName;

	private final long windowMillis;

	private final boolean tenantBudgets;

	private final Object windowLock = new Object();

	private volatile Instant loggedWindow = Instant.MIN;

	private volatile Set<String> loggedTenants = ConcurrentHashMap.newKeySet();

	/**
	 * Create the budgets.
	 * @param store where each tenant's spend lives
	 * @param rules the configured limits
	 * @param clock the clock windows are cut from
	 * @param meters the budget meters, or {@code null} when metrics are disabled
	 * @param storeName what the store is called on the {@code aibudget} endpoint
	 */
	public Budgets(SpendStore store, BudgetRules rules, Clock clock, @Nullable BudgetMeters meters,
			String storeName) {
		this.store = store;
		this.rules = rules;
		this.clock = clock;
		this.meters = meters;
		this.storeName = storeName;
		this.windowMillis = rules.window().toMillis();
		this.tenantBudgets = rules.hasTenantBudgets();
	}

	/**
	 * Admit a model call that is starting, or refuse it. A refused call's span is ended
	 * with the refusal recorded on it.
	 * @param span the call's span, not yet ended
	 * @param run the agent run the call belongs to, or {@code null}
	 * @return the tenant budget the call's spend goes to, or {@code null} when it has none
	 * @throws AiBudgetExceededException when the run or the tenant has spent its limit
	 * @throws AiBudgetUnavailableException when the tenant's spend cannot be read and the
	 * store denies calls meanwhile
	 */
	public @Nullable BudgetCharge admit(Span span, @Nullable AgentRun run) {
		if (run != null) {
			checkRun(span, run);
		}
		if (!this.tenantBudgets) {
			return null;
		}
		String tenant = Baggage.current().getEntryValue(this.rules.key());
		if (tenant == null || tenant.isBlank()) {
			return null;
		}
		Double limit = this.rules.limitOf(tenant);
		if (limit == null) {
			return null;
		}
		Instant windowStart = windowStart(this.clock.instant());
		if (this.rules.block()) {
			checkTenant(span, tenant, limit, windowStart);
		}
		return new BudgetCharge(tenant, limit, windowStart);
	}

	/**
	 * Add the spend of a finished call to its tenant's window, and record on its span and
	 * meters a crossing of 80 % or 100 % of the tenant's limit. Never throws.
	 * @param charge what {@link #admit} returned for the call, or {@code null}
	 * @param span the call's span, not yet ended
	 * @param cost what the call cost in US dollars, empty when its model has no price
	 */
	public void charge(@Nullable BudgetCharge charge, Span span, OptionalDouble cost) {
		if (charge == null || cost.isEmpty()) {
			return;
		}
		long picos = Dollars.toPicos(cost.getAsDouble());
		if (picos <= 0) {
			return;
		}
		try {
			long total = this.store.add(charge.tenant(), charge.windowStart(), this.rules.window(), picos);
			long before = total - picos;
			long limit = Dollars.toPicos(charge.limit());
			// Exact 80 % of the limit in whole picodollars, without overflowing a large limit.
			long warningThreshold = limit / 5 * 4 + (limit % 5) * 4 / 5;
			if (before < warningThreshold && total >= warningThreshold) {
				warn(charge, span, WARNING_LEVEL, total);
			}
			if (before < limit && total >= limit) {
				warn(charge, span, FULL_LEVEL, total);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not record the spend of '" + charge.tenant() + "'", ex);
		}
	}

	/**
	 * Return the budgets in force and the spend of every tenant known in the current
	 * window.
	 * @return the report
	 */
	public BudgetReport report() {
		Instant windowStart = windowStart(this.clock.instant());
		String start = windowStart.toString();
		String end = windowStart.plus(this.rules.window()).toString();
		Map<String, Long> seen = seenIn(windowStart);
		Set<String> tenants = new TreeSet<>(this.rules.limits().keySet());
		tenants.addAll(seen.keySet());
		Map<String, BudgetReport.Tenant> report = new LinkedHashMap<>();
		for (String tenant : tenants) {
			Double limit = this.rules.limitOf(tenant);
			if (limit == null) {
				continue;
			}
			Long picos = seen.containsKey(tenant) ? seen.get(tenant) : spentOrNull(tenant, windowStart);
			Double spent = (picos != null) ? Dollars.fromPicos(picos) : null;
			Double remaining = (picos != null) ? remaining(limit, picos) : null;
			report.put(tenant, new BudgetReport.Tenant(start, end, spent, limit, remaining));
		}
		return new BudgetReport(this.rules.key(), this.rules.window().toString(),
				this.rules.block() ? "block" : "warn", this.storeName, this.rules.perRun(),
				this.rules.defaultLimit(), report);
	}

	// A limit above about $9.2 million has no exact picodollar count; it is left in dollars.
	private static double remaining(double limit, long spentPicos) {
		long limitPicos = Dollars.toPicos(limit);
		return (limitPicos < Long.MAX_VALUE) ? Dollars.fromPicos(Math.max(0, limitPicos - spentPicos))
				: limit - Dollars.fromPicos(spentPicos);
	}

	private void checkRun(Span span, AgentRun run) {
		RunAccount account = run.account();
		OptionalDouble own = account.maxCost();
		Double limit = own.isPresent() ? Double.valueOf(own.getAsDouble()) : this.rules.perRun();
		if (limit == null) {
			return;
		}
		long spent = account.spentPicos();
		if (spent >= Dollars.toPicos(limit)) {
			refuse(span, AiBudgetExceededException.forRun(run.name(), limit, Dollars.fromPicos(spent)), null);
		}
	}

	private void checkTenant(Span span, String tenant, double limit, Instant windowStart) {
		long spent;
		try {
			spent = this.store.spent(tenant, windowStart);
		}
		catch (SpendStoreUnavailableException ex) {
			AiBudgetUnavailableException refusal = new AiBudgetUnavailableException(tenant, ex);
			SpanFailures.record(span, refusal);
			span.end();
			throw refusal;
		}
		if (spent >= Dollars.toPicos(limit)) {
			if (this.meters != null) {
				this.meters.blocked();
			}
			refuse(span, AiBudgetExceededException.forTenant(tenant, limit, Dollars.fromPicos(spent),
					windowStart.plus(this.rules.window())), tenant);
		}
	}

	private static void refuse(Span span, AiBudgetExceededException refusal, @Nullable String tenant) {
		AttributesBuilder attributes = Attributes.builder()
			.put(AiAttributes.BUDGET_LIMIT, refusal.getLimit())
			.put(AiAttributes.BUDGET_SPENT, refusal.getSpent());
		if (tenant != null) {
			attributes.put(AiAttributes.BUDGET_KEY, tenant);
		}
		span.addEvent(AiAttributes.BUDGET_BLOCKED_EVENT, attributes.build());
		SpanFailures.record(span, refusal);
		span.end();
		throw refusal;
	}

	private void warn(BudgetCharge charge, Span span, int level, long totalPicos) {
		double spent = Dollars.fromPicos(totalPicos);
		span.addEvent(AiAttributes.BUDGET_WARNING_EVENT,
				Attributes.of(AiAttributes.BUDGET_LEVEL, (long) level, AiAttributes.BUDGET_KEY, charge.tenant(),
						AiAttributes.BUDGET_LIMIT, charge.limit(), AiAttributes.BUDGET_SPENT, spent));
		if (this.meters != null) {
			this.meters.warned(level);
		}
		if (firstWarningInWindow(charge) && logger.isWarnEnabled()) {
			Instant windowEnd = charge.windowStart().plus(this.rules.window());
			logger.warn(String.format(Locale.ROOT,
					"'%s' (%s) has spent $%s, %d%% of its $%s budget for the window ending %s; %s", charge.tenant(),
					this.rules.key(), spent, level, charge.limit(), windowEnd,
					this.rules.block() ? "its model calls are refused once it reaches 100%"
							: "its model calls go on (ai-infra.budget.action=warn)"));
		}
	}

	// One log line per tenant and window: windows end at the same instant for every
	// tenant, so the tenants warned about are forgotten together when a window begins.
	private boolean firstWarningInWindow(BudgetCharge charge) {
		Instant window = charge.windowStart();
		if (window.isAfter(this.loggedWindow)) {
			synchronized (this.windowLock) {
				if (window.isAfter(this.loggedWindow)) {
					this.loggedTenants = ConcurrentHashMap.newKeySet();
					this.loggedWindow = window;
				}
			}
		}
		return window.equals(this.loggedWindow) && this.loggedTenants.add(charge.tenant());
	}

	private Map<String, Long> seenIn(Instant windowStart) {
		try {
			return this.store.spentInWindow(windowStart);
		}
		catch (RuntimeException ex) {
			return Map.of();
		}
	}

	private @Nullable Long spentOrNull(String tenant, Instant windowStart) {
		try {
			return this.store.spent(tenant, windowStart);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private Instant windowStart(Instant now) {
		return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), this.windowMillis) * this.windowMillis);
	}

}
