package ai.infra.internal.budget;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemorySpendStore}.
 */
class MemorySpendStoreTests {

	private static final Duration HOUR = Duration.ofHours(1);

	private static final Instant TEN = Instant.parse("2026-03-01T10:00:00Z");

	private final MemorySpendStore store = new MemorySpendStore();

	@Test
	void shouldReturnTheTotalAfterEachAdditionPerTenantAndWindow() {
		assertThat(this.store.add("acme", TEN, HOUR, 300)).isEqualTo(300);
		assertThat(this.store.add("acme", TEN, HOUR, 200)).isEqualTo(500);
		assertThat(this.store.add("globex", TEN, HOUR, 7)).isEqualTo(7);
		assertThat(this.store.spent("acme", TEN)).isEqualTo(500);
		assertThat(this.store.spent("acme", TEN.plus(HOUR))).isZero();
		assertThat(this.store.spent("initech", TEN)).isZero();
		assertThat(this.store.spentInWindow(TEN)).containsOnlyKeys("acme", "globex").containsEntry("acme", 500L);
	}

	@Test
	void shouldDropWindowsThatEndedBeforeThePreviousOne() {
		this.store.add("acme", TEN, HOUR, 100);
		Instant eleven = TEN.plus(HOUR);
		this.store.add("acme", eleven, HOUR, 10);
		// A call that started before eleven may still finish into the window of ten.
		assertThat(this.store.spent("acme", TEN)).isEqualTo(100);
		this.store.add("acme", eleven.plus(HOUR), HOUR, 1);
		assertThat(this.store.spent("acme", TEN)).isZero();
		assertThat(this.store.spentInWindow(TEN)).isEmpty();
		assertThat(this.store.spent("acme", eleven)).isEqualTo(10);
	}

}
