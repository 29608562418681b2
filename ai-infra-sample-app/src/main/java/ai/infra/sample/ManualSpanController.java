package ai.infra.sample;

import java.util.Map;

import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A manual span around application work, with attributes, an event and a log line that
 * carries the trace ids.
 */
@RestController
class ManualSpanController {

	private static final Logger logger = LoggerFactory.getLogger(ManualSpanController.class);

	private final AiTracer tracer;

	ManualSpanController(AiTracer tracer) {
		this.tracer = tracer;
	}

	@GetMapping("/manual")
	Map<String, String> manual(@RequestParam(defaultValue = "3") int documents) {
		try (AiSpan span = this.tracer.startSpan("rank_documents")) {
			span.setAttribute("documents.count", documents);
			span.addEvent("ranking.started", Map.of("algorithm", "bm25"));
			logger.info("Ranking {} documents", documents);
			return Map.of("traceId", span.traceId(), "spanId", span.spanId());
		}
	}

}
