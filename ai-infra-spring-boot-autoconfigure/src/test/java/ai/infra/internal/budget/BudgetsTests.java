package ai.infra.internal.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalDouble;

import ai.infra.budget.AiBudgetUnavailableException;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.ErrorAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Budgets} with a spend store that cannot be reached.
 */
class BudgetsTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:42:00Z"), ZoneOffset.UTC);

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	@AfterEach
	void close() {
		this.tracerProvider.close();
	}

	@Test
	void shouldRefuseACallWhileTheStoreDeniesCallsItCannotCheck() {
		Budgets budgets = budgets(new UnreachableStore(), true);
		Span span = this.tracerProvider.get("test").spanBuilder("llm.generate").startSpan();
		try (Scope scope = Baggage.builder().put("tenant.id", "acme").build().makeCurrent()) {
			assertThatExceptionOfType(AiBudgetUnavailableException.class).isThrownBy(() -> budgets.admit(span, null))
				.satisfies((refusal) -> {
					assertThat(refusal.getTenant()).isEqualTo("acme");
					assertThat(refusal.getCause()).isInstanceOf(SpendStoreUnavailableException.class);
				});
		}
		SpanData refused = this.exporter.getFinishedSpanItems().get(0);
		assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(refused.getAttributes().get(ErrorAttributes.ERROR_TYPE))
			.isEqualTo(AiBudgetUnavailableException.class.getName());
	}

	@Test
	void shouldNotReadTheStoreBeforeACallWhenBudgetsOnlyWarn() {
		Budgets budgets = budgets(new UnreachableStore(), false);
		Span span = this.tracerProvider.get("test").spanBuilder("llm.generate").startSpan();
		try (Scope scope = Baggage.builder().put("tenant.id", "acme").build().makeCurrent()) {
			BudgetCharge charge = budgets.admit(span, null);
			assertThat(charge).isEqualTo(new BudgetCharge("acme", 5, Instant.parse("2026-03-01T10:00:00Z")));
			// A store that fails to add never fails the call.
			budgets.charge(charge, span, OptionalDouble.of(1));
		}
		span.end();
		assertThat(this.exporter.getFinishedSpanItems().get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void shouldReportATenantWhoseSpendCannotBeReadWithoutSpendOrRemaining() {
		BudgetReport report = budgets(new UnreachableStore(), true).report();
		assertThat(report.tenants().get("acme")).satisfies((acme) -> {
			assertThat(acme.spent()).isNull();
			assertThat(acme.remaining()).isNull();
			assertThat(acme.limit()).isEqualTo(5);
		});
	}

	@Test
	void shouldReportWhatRemainsOfALimitTooLargeToCountInPicodollars() {
		MemorySpendStore store = new MemorySpendStore();
		store.add("acme", Instant.parse("2026-03-01T10:00:00Z"), Duration.ofHours(1), 2_500_000_000_000L);
		Budgets budgets = new Budgets(store, new BudgetRules(null, "tenant.id", Duration.ofHours(1), null,
				Map.of("acme", 1e9), true), CLOCK, null, "memory");
		assertThat(budgets.report().tenants().get("acme").remaining()).isEqualTo(1e9 - 2.5);
	}

	private static Budgets budgets(SpendStore store, boolean block) {
		return new Budgets(store, new BudgetRules(null, "tenant.id", Duration.ofHours(1), null, Map.of("acme", 5.0),
				block), CLOCK, null, "redis");
	}

	static class UnreachableStore implements SpendStore {

		@Override
		public long spent(String tenant, Instant windowStart) {
			throw new SpendStoreUnavailableException(new IllegalStateException("connection refused"));
		}

		@Override
		public long add(String tenant, Instant windowStart, Duration window, long picos) {
			throw new IllegalStateException("connection refused");
		}

	}

}
