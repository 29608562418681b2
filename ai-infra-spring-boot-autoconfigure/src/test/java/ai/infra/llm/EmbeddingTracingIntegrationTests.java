package ai.infra.llm;

import java.util.List;

import ai.infra.internal.observation.AiAttributes;
import ai.infra.llm.LlmTracingSupport.Traced;
import ai.infra.test.openai.FakeResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.within;

/**
 * Embedding calls through the real Spring AI OpenAI embedding client, talking HTTP to the
 * fake model server, become {@code llm.embed} spans with input tokens, cost and
 * dimensions, and count in the {@code ai.llm.*} meters as {@code operation=embeddings}.
 */
@SpringBootTest(classes = LlmTracingSupport.TestApplication.class,
		properties = { "ai-infra.tracing.exporter=none", "spring.ai.openai.api-key=sk-test-embeddings",
				"spring.ai.openai.chat.options.model=gpt-4o-mini",
				"spring.ai.openai.embedding.model=text-embedding-3-small", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.max-retries=0", "spring.ai.openai.embedding.max-retries=0" })
class EmbeddingTracingIntegrationTests extends FakeModelServerTests {

	@Autowired
	private EmbeddingModel embeddingModel;

	@Autowired
	private ChatModel chatModel;

	@Autowired
	private OpenTelemetry openTelemetry;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void shouldTraceEmbeddingCallAsOneLlmEmbedSpanWithTokensCostAndDimensions() {
		server.enqueueEmbeddings(FakeResponse.embeddings(1000));
		Traced<EmbeddingResponse> traced = LlmTracingSupport.inRootSpan(this.openTelemetry,
				() -> this.embeddingModel.embedForResponse(List.of("first document", "second document")));
		assertThat(this.embeddingModel).isInstanceOf(OpenAiEmbeddingModel.class);
		assertThat(traced.result().getResults()).hasSize(2);
		assertThat(traced.result().getResult().getOutput()).hasSize(1536);
		assertThat(server.lastRequest().path()).isEqualTo("/v1/embeddings");
		List<SpanData> spans = finishedSpans();
		SpanData embed = onlyEmbedSpan(spans);
		assertThat(embed.getParentSpanId()).isEqualTo(traced.rootSpanId());
		assertThat(embed.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(embed.getInstrumentationScopeInfo().getName()).isEqualTo("ai.infra");
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("embeddings");
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME)).isEqualTo("openai");
		assertThat(embed.getAttributes().get(AiAttributes.PROVIDER)).isEqualTo("openai");
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL))
			.isEqualTo("text-embedding-3-small");
		assertThat(embed.getAttributes().get(AiAttributes.MODEL)).isEqualTo("text-embedding-3-small");
		assertThat(embed.getAttributes().get(AiAttributes.PROMPT_TOKENS)).isEqualTo(1000L);
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(1000L);
		assertThat(embed.getAttributes().get(AiAttributes.TOTAL_TOKENS)).isEqualTo(1000L);
		assertThat(embed.getAttributes().get(AiAttributes.COMPLETION_TOKENS)).isNull();
		// text-embedding-3-small: $0.02 per million input tokens.
		assertThat(embed.getAttributes().get(AiAttributes.COST)).isCloseTo(0.00002, within(1e-12));
		assertThat(embed.getAttributes().get(AiAttributes.DURATION_MS)).isNotNull().isGreaterThanOrEqualTo(0L);
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_EMBEDDINGS_DIMENSION_COUNT))
			.isEqualTo(1536L);
		assertThat(embed.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		// Spring AI's own embedding span is replaced, not doubled.
		assertThat(spans).extracting(SpanData::getName).noneMatch((name) -> name.startsWith("embedding"));
	}

	@Test
	void shouldRecordTheRequestedDimensions() {
		server.enqueueEmbeddings(FakeResponse.embeddings(7));
		OpenAiEmbeddingOptions options = OpenAiEmbeddingOptions.builder()
			.model("text-embedding-3-large")
			.dimensions(256)
			.build();
		EmbeddingResponse response = this.embeddingModel.call(new EmbeddingRequest(List.of("short"), options));
		assertThat(response.getResult().getOutput()).hasSize(256);
		SpanData embed = onlyEmbedSpan(finishedSpans());
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_EMBEDDINGS_DIMENSION_COUNT))
			.isEqualTo(256L);
		assertThat(embed.getAttributes().get(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL))
			.isEqualTo("text-embedding-3-large");
		// text-embedding-3-large: $0.13 per million input tokens.
		assertThat(embed.getAttributes().get(AiAttributes.COST)).isCloseTo(7 * 0.13 / 1_000_000, within(1e-12));
	}

	@Test
	void shouldRecordAFailedEmbeddingCallAndRethrowItUnchanged() {
		server.enqueueEmbeddings(FakeResponse.error(500, "embedding backend down"));
		double errorsBefore = requests("embeddings", "text-embedding-3-small", "error");
		assertThatException().isThrownBy(() -> this.embeddingModel.embed("fails"))
			.withMessageContaining("embedding backend down");
		SpanData embed = onlyEmbedSpan(finishedSpans());
		assertThat(embed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(embed.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNotBlank();
		assertThat(embed.getEvents()).extracting((event) -> event.getName()).contains("exception");
		assertThat(embed.getAttributes().get(AiAttributes.COST)).isNull();
		assertThat(requests("embeddings", "text-embedding-3-small", "error") - errorsBefore).isEqualTo(1.0);
	}

	@Test
	void shouldCountEmbeddingsAndChatCallsApartInTheLlmMeters() {
		double embeddingsBefore = requests("embeddings", "text-embedding-3-small", "success");
		double tokensBefore = counter("ai.llm.tokens", "embeddings", "text-embedding-3-small", "type", "prompt");
		double costBefore = counter("ai.llm.cost", "embeddings", "text-embedding-3-small", null, null);
		double chatBefore = requests("chat", "gpt-4o-mini", "success");
		server.enqueueEmbeddings(FakeResponse.embeddings(500), FakeResponse.embeddings(1500));
		server.enqueue(FakeResponse.text("answer", 100, 10));
		this.embeddingModel.embed("one");
		this.embeddingModel.embed("two");
		this.chatModel.call("question");
		assertThat(requests("embeddings", "text-embedding-3-small", "success") - embeddingsBefore).isEqualTo(2.0);
		assertThat(counter("ai.llm.tokens", "embeddings", "text-embedding-3-small", "type", "prompt") - tokensBefore)
			.isEqualTo(2000.0);
		// 2,000 x $0.02 per million input tokens.
		assertThat(counter("ai.llm.cost", "embeddings", "text-embedding-3-small", null, null) - costBefore)
			.isCloseTo(0.00004, within(1e-12));
		assertThat(counter("ai.llm.tokens", "embeddings", "text-embedding-3-small", "type", "completion")).isZero();
		assertThat(requests("chat", "gpt-4o-mini", "success") - chatBefore).isEqualTo(1.0);
		assertThat(this.meterRegistry.find("ai.llm.duration").tags("operation", "embeddings").timer()).isNotNull();
	}

	@Test
	void shouldShowRetrievalCostBesideGenerationCostUnderOneParent() {
		server.enqueueEmbeddings(FakeResponse.embeddings(2000));
		server.enqueue(FakeResponse.text("Paris is in France.", 1000, 200));
		Traced<String> traced = LlmTracingSupport.inRootSpan(this.openTelemetry, () -> {
			float[] query = this.embeddingModel.embed("Where is Paris?");
			assertThat(query).hasSize(1536);
			return this.chatModel.call("Context: Paris is in France. Question: Where is Paris?");
		});
		assertThat(traced.result()).isEqualTo("Paris is in France.");
		List<SpanData> spans = finishedSpans();
		SpanData embed = onlyEmbedSpan(spans);
		List<SpanData> generate = LlmTracingSupport.named(spans, "llm.generate");
		assertThat(generate).hasSize(1);
		assertThat(embed.getParentSpanId()).isEqualTo(traced.rootSpanId());
		assertThat(generate.get(0).getParentSpanId()).isEqualTo(traced.rootSpanId());
		assertThat(embed.getTraceId()).isEqualTo(traced.traceId());
		assertThat(embed.getEndEpochNanos()).isLessThanOrEqualTo(generate.get(0).getStartEpochNanos());
		// Retrieval: 2,000 x $0.02; generation: 1,000 x $0.15 + 200 x $0.60, per million tokens.
		assertThat(embed.getAttributes().get(AiAttributes.COST)).isCloseTo(0.00004, within(1e-12));
		assertThat(generate.get(0).getAttributes().get(AiAttributes.COST)).isCloseTo(0.00027, within(1e-12));
	}

	private static SpanData onlyEmbedSpan(List<SpanData> spans) {
		List<SpanData> embeds = LlmTracingSupport.named(spans, "llm.embed");
		assertThat(embeds).as("llm.embed spans among %s", spans).hasSize(1);
		return embeds.get(0);
	}

	private double requests(String operation, String model, String status) {
		return counter("ai.llm.requests", operation, model, "status", status);
	}

	private double counter(String name, String operation, String model, String tag, String value) {
		var search = this.meterRegistry.find(name).tags("operation", operation, "model", model, "provider", "openai");
		if (tag != null) {
			search = search.tag(tag, value);
		}
		return search.counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

}
