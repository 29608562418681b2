package ai.infra.internal.export;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ai.infra.internal.observation.AiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the exact lines {@link ConsoleSpanExporter} prints for trees, orphans and
 * failures.
 */
class ConsoleSpanExporterTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";

	private static final long MS = 1_000_000L;

	@Test
	void shouldPrintTheSpansOfOneTraceAsATreeWithTokensAndCostFirst() {
		// Spans end, and so arrive, children first.
		List<SpanData> batch = List.of(
				span("a000000000000005", "a000000000000004", "llm.generate", 3 * MS, 15 * MS,
						llm("gpt-4o-mini-2024-07-18", 80, 20, 0.000024)),
				span("a000000000000006", "a000000000000003", "tool.getWeather", 17 * MS, 18 * MS + 400_000,
						Attributes.of(AiAttributes.TOOL_NAME, "getWeather", AiAttributes.TOOL_ARGS,
								"{\"city\":\"Paris\"}")),
				span("a000000000000007", "a000000000000003", "llm.generate", 19 * MS, 31 * MS,
						llm("gpt-4o-mini-2024-07-18", 1100, 134, 0.00024540000000000002)),
				span("a000000000000004", "a000000000000002", "agent.step.1", 2 * MS, 16 * MS,
						Attributes.of(AiAttributes.AGENT_STEP, 1L)),
				span("a000000000000003", "a000000000000002", "agent.step.2", 16 * MS, 32 * MS,
						Attributes.of(AiAttributes.AGENT_STEP, 2L)),
				span("a000000000000002", "a000000000000001", "agent.run", 1 * MS, 33 * MS,
						Attributes.builder()
							.put(AiAttributes.AGENT_NAME, "travel-assistant")
							.put(AiAttributes.AGENT_STEPS, 2L)
							.put(AiAttributes.PROMPT_TOKENS, 1180L)
							.put(AiAttributes.COMPLETION_TOKENS, 154L)
							.put(AiAttributes.TOTAL_TOKENS, 1334L)
							.put(AiAttributes.COST, 0.0002694)
							.put("user.id", "u-42")
							.build()),
				span("a000000000000001", null, "http post /agent", 0, 12_345 * MS,
						Attributes.builder()
							.put("method", "POST")
							.put("uri", "/agent")
							.put("outcome", "SUCCESS")
							.put("exception", "none")
							.put("status", "200")
							.build()));
		assertThat(ConsoleSpanExporter.format(batch)).containsExactly(
				"[ai-infra] http post /agent 12.3 s status=200 [trace " + TRACE + "]",
				"[ai-infra]   agent.run travel-assistant 2 steps 1,334 tok (1,180 in, 154 out) $0.0002694 32 ms user.id=u-42",
				"[ai-infra]     agent.step.1 14 ms",
				"[ai-infra]       llm.generate gpt-4o-mini-2024-07-18 100 tok (80 in, 20 out) $0.000024 12 ms",
				"[ai-infra]     agent.step.2 16 ms",
				"[ai-infra]       tool.getWeather 1.4 ms tool.args={\"city\":\"Paris\"}",
				"[ai-infra]       llm.generate gpt-4o-mini-2024-07-18 1,234 tok (1,100 in, 134 out) $0.0002454 12 ms");
	}

	@Test
	void shouldPrintSpansWhoseParentIsNotInTheBatchAtTheTopNamingTraceAndParent() {
		List<SpanData> batch = List.of(
				span("b000000000000002", "b000000000000001", "llm.generate", 5 * MS, 9 * MS,
						llm("gpt-4o", 10, 2, 0.000045)),
				span("c000000000000001", "ffffffffffffff01", "rank_documents", 2 * MS, 3 * MS + 250_000,
						Attributes.of(AttributeKey.longKey("documents.count"), 5L),
						OTHER_TRACE),
				span("b000000000000003", "b000000000000009", "tool.search", 1 * MS, 4 * MS, Attributes.empty()));
		assertThat(ConsoleSpanExporter.format(batch)).containsExactly(
				"[ai-infra] tool.search 3.0 ms [trace " + TRACE + " parent b000000000000009]",
				"[ai-infra] llm.generate gpt-4o 12 tok (10 in, 2 out) $0.000045 4.0 ms [trace " + TRACE
						+ " parent b000000000000001]",
				"[ai-infra] rank_documents 1.3 ms documents.count=5 [trace " + OTHER_TRACE + " parent ffffffffffffff01]");
	}

	@Test
	void shouldMarkFailedSpansWithErrorTypeAndMessage() {
		SpanData failed = TestSpanData.builder()
			.setSpanContext(context(TRACE, "d000000000000001"))
			.setName("llm.generate")
			.setKind(SpanKind.CLIENT)
			.setStartEpochNanos(0)
			.setEndEpochNanos(250 * MS)
			.setHasEnded(true)
			.setAttributes(Attributes.builder()
				.put(AiAttributes.MODEL, "gpt-4o-mini")
				.put(ErrorAttributes.ERROR_TYPE, "org.springframework.ai.retry.NonTransientAiException")
				.build())
			.setStatus(StatusData.create(StatusCode.ERROR,
					"HTTP 500 - upstream\nfailed"))
			.build();
		SpanData failedWithoutType = TestSpanData.builder()
			.setSpanContext(context(TRACE, "d000000000000002"))
			.setParentSpanContext(context(TRACE, "d000000000000001"))
			.setName("POST")
			.setKind(SpanKind.CLIENT)
			.setStartEpochNanos(MS)
			.setEndEpochNanos(249 * MS)
			.setHasEnded(true)
			.setStatus(StatusData.error())
			.build();
		assertThat(ConsoleSpanExporter.format(List.of(failedWithoutType, failed))).containsExactly(
				"[ai-infra] llm.generate gpt-4o-mini 250 ms ERROR error.type=org.springframework.ai.retry.NonTransientAiException"
						+ " \"HTTP 500 - upstream failed\" [trace " + TRACE + "]",
				"[ai-infra]   POST 248 ms ERROR");
	}

	@Test
	void shouldWriteOneBatchAtOnceToTheStream() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ConsoleSpanExporter exporter = new ConsoleSpanExporter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		assertThat(exporter.export(List.of(span("e000000000000001", null, "checkout", 0, 42 * MS, Attributes.empty())))
			.isSuccess()).isTrue();
		assertThat(bytes.toString(StandardCharsets.UTF_8))
			.isEqualTo("[ai-infra] checkout 42 ms [trace " + TRACE + "]" + System.lineSeparator());
	}

	@Test
	void shouldFormatDurationsAndCostsForReading() {
		assertThat(ConsoleSpanLine.duration(400_000)).isEqualTo("0.4 ms");
		assertThat(ConsoleSpanLine.duration(1_234 * MS)).isEqualTo("1,234 ms");
		assertThat(ConsoleSpanLine.duration(61_000 * MS)).isEqualTo("61.0 s");
		assertThat(ConsoleSpanLine.cost(0.0)).isEqualTo("$0");
		assertThat(ConsoleSpanLine.cost(0.00027)).isEqualTo("$0.00027");
		assertThat(ConsoleSpanLine.cost(1.23456)).isEqualTo("$1.235");
		assertThat(ConsoleSpanLine.cost(0.000000000001)).isEqualTo("$0.000000000001");
	}

	private static Attributes llm(String model, long prompt, long completion, double cost) {
		return Attributes.builder()
			.put(AiAttributes.PROVIDER, "openai")
			.put(AiAttributes.MODEL, model)
			.put(AiAttributes.PROMPT_TOKENS, prompt)
			.put(AiAttributes.COMPLETION_TOKENS, completion)
			.put(AiAttributes.TOTAL_TOKENS, prompt + completion)
			.put(AiAttributes.COST, cost)
			.put(AiAttributes.STREAM, false)
			.put("gen_ai.request.model", "gpt-4o-mini")
			.build();
	}

	private static SpanData span(String spanId, String parentId, String name, long start, long end,
			Attributes attributes) {
		return span(spanId, parentId, name, start, end, attributes, TRACE);
	}

	private static SpanData span(String spanId, String parentId, String name, long start, long end,
			Attributes attributes, String traceId) {
		TestSpanData.Builder builder = TestSpanData.builder()
			.setSpanContext(context(traceId, spanId))
			.setName(name)
			.setKind(SpanKind.INTERNAL)
			.setStartEpochNanos(start)
			.setEndEpochNanos(end)
			.setHasEnded(true)
			.setAttributes(attributes)
			.setStatus(StatusData.unset());
		if (parentId != null) {
			builder.setParentSpanContext(context(traceId, parentId));
		}
		return builder.build();
	}

	private static SpanContext context(String traceId, String spanId) {
		return SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
	}

}
