package ai.infra.autoconfigure.tracing;

import java.util.List;
import java.util.Map;

import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import io.opentelemetry.api.trace.StatusCode;

import org.springframework.stereotype.Service;

/**
 * The README's manual tracing example.
 */
@Service
class DocumentRanker {

	private final AiTracer tracer;

	DocumentRanker(AiTracer tracer) {
		this.tracer = tracer;
	}

	List<String> rank(String query, List<String> documents) {
		try (AiSpan span = tracer.startSpan("rank_documents")) {
			span.setAttribute("query.length", query.length());
			span.setAttribute("documents.count", documents.size());
			List<String> ranked = documents.stream().filter((document) -> document.contains(query)).toList();
			span.addEvent("ranked", Map.of("kept", ranked.size(), "ids", ranked));
			span.setStatus(StatusCode.OK);
			return ranked;
		}
	}

}
