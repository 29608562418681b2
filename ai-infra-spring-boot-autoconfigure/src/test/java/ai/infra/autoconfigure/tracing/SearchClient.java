package ai.infra.autoconfigure.tracing;

import java.util.List;

import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import ai.infra.tracing.AiTracing;

/**
 * The README's example of tracing outside Spring.
 */
public final class SearchClient {

	private static final AiTracer tracer = AiTracing.getTracer("com.example.search");

	public List<String> search(String query) {
		try (AiSpan span = tracer.startSpan("search")) {
			span.setAttribute("query", query);
			return List.of(query);
		}
	}

}
