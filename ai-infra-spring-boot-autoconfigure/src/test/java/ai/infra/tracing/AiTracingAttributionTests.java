package ai.infra.tracing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.infra.internal.propagation.AttributedBaggage;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AiTracing#attribute(String, String)} on one thread: the baggage entry
 * and attributed key while the scope is open, nesting, and what closing puts back.
 */
class AiTracingAttributionTests {

	@Test
	void shouldPutTheEntryInTheCurrentBaggageUntilClosed() {
		try (AiTracing.Attribution attribution = AiTracing.attribute("tenant.id", "acme")) {
			assertThat(Baggage.current().getEntryValue("tenant.id")).isEqualTo("acme");
			assertThat(AttributedBaggage.isAttributed(Baggage.current().asMap().get("tenant.id"))).isTrue();
		}
		assertThat(Baggage.current().isEmpty()).isTrue();
	}

	@Test
	void shouldNestWithTheInnermostValueOfAKeyWinning() {
		try (AiTracing.Attribution tenant = AiTracing.attribute("tenant.id", "acme")) {
			try (AiTracing.Attribution feature = AiTracing.attribute("feature", "search");
					AiTracing.Attribution other = AiTracing.attribute("tenant.id", "globex")) {
				assertThat(Baggage.current().asMap()).containsOnlyKeys("tenant.id", "feature");
				assertThat(Baggage.current().getEntryValue("tenant.id")).isEqualTo("globex");
				assertThat(Baggage.current().asMap().values()).allMatch(AttributedBaggage::isAttributed);
			}
			assertThat(Baggage.current().asMap()).containsOnlyKeys("tenant.id");
			assertThat(Baggage.current().getEntryValue("tenant.id")).isEqualTo("acme");
		}
	}

	@Test
	void shouldKeepTheCallersBaggage() {
		try (var scope = Baggage.builder().put("user.id", "bob").build().makeCurrent();
				AiTracing.Attribution attribution = AiTracing.attribute("tenant.id", "acme")) {
			assertThat(Baggage.current().getEntryValue("user.id")).isEqualTo("bob");
			assertThat(AttributedBaggage.isAttributed(Baggage.current().asMap().get("user.id"))).isFalse();
			assertThat(Baggage.current().getEntryValue("tenant.id")).isEqualTo("acme");
		}
	}

	@Test
	void shouldAttributeNothingForABlankKey() {
		Context before = Context.current();
		try (AiTracing.Attribution attribution = AiTracing.attribute(" ", "acme")) {
			assertThat(Context.current()).isSameAs(before);
		}
		assertThat(Context.current()).isSameAs(before);
	}

	@Test
	void shouldIgnoreASecondCloseAndACloseOnAnotherThread() throws Exception {
		Context before = Context.current();
		AiTracing.Attribution attribution = AiTracing.attribute("tenant.id", "acme");
		String seenThere = CompletableFuture.supplyAsync(() -> {
			attribution.close();
			return String.valueOf(Baggage.current().getEntryValue("tenant.id"));
		}).get(10, TimeUnit.SECONDS);
		assertThat(seenThere).isEqualTo("null");
		assertThat(Baggage.current().getEntryValue("tenant.id")).isEqualTo("acme");
		attribution.close();
		attribution.close();
		assertThat(Context.current()).isSameAs(before);
	}

}
