package ai.infra.budget;

import java.util.function.Supplier;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;

/**
 * Runs work with a tenant in the baggage, as an incoming {@code baggage} header or the
 * application's own code would put it there.
 */
final class Tenants {

	private Tenants() {
	}

	static <T> T as(String tenant, Supplier<T> work) {
		try (Scope scope = Baggage.current().toBuilder().put("tenant.id", tenant).build().makeCurrent()) {
			return work.get();
		}
	}

}
