package ai.infra.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ai.infra.llm.LlmTracingSupport;
import ai.infra.test.openai.FakeOpenAiServer;
import ai.infra.test.openai.FakeResponse;
import ai.infra.tracing.AiSpan;
import ai.infra.tracing.AiTracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand agent runs through the real Spring AI OpenAI client against the fake model
 * server at {@code sample-rate} 0.01, of which 1 % fail, 0.5 % are slow and 0.5 % are
 * costly: each of those is exported whole, with the tree the same kind of run has at rate
 * 1.0, and the others at the ratio.
 */
class KeepSamplingAgentRunsIntegrationTests {

	private static final int RUNS = 10_000;

	private static final AttributeKey<String> KIND = AttributeKey.stringKey("run.kind");

	private static final String FAIL = "fail";

	private static final String SLOW = "slow";

	private static final String COSTLY = "costly";

	private static final String PLAIN = "plain";

	private static final FakeOpenAiServer server = FakeOpenAiServer.start();

	private static ExecutorService workers;

	@BeforeAll
	static void scriptModel() {
		// 2,000,000 prompt tokens of gpt-4o-mini cost $0.30; a plain run costs $0.000021.
		server.responder((request) -> {
			String body = request.body();
			if (body.contains("kind=" + FAIL)) {
				return FakeResponse.error(500, "The model is overloaded");
			}
			if (body.contains("kind=" + SLOW)) {
				return FakeResponse.text("Done, slowly.", 100, 10).withDelay(Duration.ofMillis(400));
			}
			if (body.contains("kind=" + COSTLY)) {
				return FakeResponse.text("Done, at a price.", 2_000_000, 10);
			}
			return FakeResponse.text("Done.", 100, 10);
		});
		workers = Executors.newFixedThreadPool(8);
	}

	@AfterAll
	static void stop() {
		workers.shutdownNow();
		server.close();
	}

	@Test
	void shouldExportEveryFailedSlowAndCostlyRunWholeAndTheOthersAtTheRatio() throws Exception {
		Map<String, String> referenceTrees;
		try (ConfigurableApplicationContext reference = start(1.0)) {
			List<String> kinds = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				kinds.addAll(List.of(FAIL, SLOW, COSTLY, PLAIN));
			}
			run(reference, kinds);
			Map<String, List<String>> trees = treesByKind(exported(reference));
			assertThat(trees).containsOnlyKeys(FAIL, SLOW, COSTLY, PLAIN);
			assertThat(trees.values()).allSatisfy((same) -> assertThat(same).hasSize(3).containsOnly(same.get(0)));
			referenceTrees = trees.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().get(0)));
		}
		// The model client's HTTP span is part of the tree too.
		assertThat(referenceTrees.get(FAIL)).isEqualTo("""
				task
				  agent.run
				    agent.step.1
				      llm.generate
				        POST
				""");

		List<String> kinds = new ArrayList<>(RUNS);
		for (int i = 0; i < RUNS; i++) {
			kinds.add((i % 100 == 0) ? FAIL : (i % 200 == 1) ? SLOW : (i % 200 == 2) ? COSTLY : PLAIN);
		}
		try (ConfigurableApplicationContext sampled = start(0.01)) {
			run(sampled, kinds);

			Map<String, List<String>> trees = treesByKind(exported(sampled));
			assertThat(trees.get(FAIL)).hasSize(100).containsOnly(referenceTrees.get(FAIL));
			assertThat(trees.get(SLOW)).hasSize(50).containsOnly(referenceTrees.get(SLOW));
			assertThat(trees.get(COSTLY)).hasSize(50).containsOnly(referenceTrees.get(COSTLY));
			// Binomial(9800, 0.01): mean 98, standard deviation 9.85; five of them either side.
			assertThat(trees.get(PLAIN)).hasSizeBetween(49, 147).containsOnly(referenceTrees.get(PLAIN));
			// Each exported trace counted once, for the rule that kept it where the ratio
			// had not sampled it.
			Map<String, Long> headSampled = headSampledByKind(exported(sampled));
			MeterRegistry meters = sampled.getBean(MeterRegistry.class);
			assertThat(traces(meters, "kept", "ratio"))
				.isEqualTo(headSampled.values().stream().mapToLong(Long::longValue).sum());
			assertThat(traces(meters, "kept", "error")).isEqualTo(100 - headSampled.getOrDefault(FAIL, 0L));
			assertThat(traces(meters, "kept", "costly")).isEqualTo(50 - headSampled.getOrDefault(COSTLY, 0L));
			// A plain run slowed down by a busy machine is kept as slow too.
			assertThat(traces(meters, "kept", "slow")).isGreaterThanOrEqualTo(50 - headSampled.getOrDefault(SLOW, 0L));
			long kept = trees.values().stream().mapToLong(List::size).sum();
			assertThat(traces(meters, "kept", "ratio") + traces(meters, "kept", "error")
					+ traces(meters, "kept", "costly") + traces(meters, "kept", "slow")).isEqualTo(kept);
			assertThat(traces(meters, "dropped", "ratio")).isEqualTo(RUNS - kept);
			assertThat(traces(meters, "dropped", "evicted")).isZero();
			// The ai.* meters count every run whatever the decision.
			assertThat(meters.get("ai.agent.runs").counters().stream().mapToDouble((c) -> c.count()).sum())
				.isEqualTo(RUNS);
		}
	}

	private static long traces(MeterRegistry meters, String decision, String reason) {
		return (long) meters.get("ai.tracing.traces").tag("decision", decision).tag("reason", reason).counter().count();
	}

	private static Map<String, Long> headSampledByKind(List<SpanData> spans) {
		Sampler ratio = Sampler.traceIdRatioBased(0.01);
		return spans.stream()
			.filter((span) -> span.getName().equals("task"))
			.filter((task) -> ratio
				.shouldSample(Context.root(), task.getTraceId(), "task", SpanKind.INTERNAL, Attributes.empty(), List.of())
				.getDecision() == SamplingDecision.RECORD_AND_SAMPLE)
			.collect(Collectors.groupingBy((task) -> task.getAttributes().get(KIND), Collectors.counting()));
	}

	private static void run(ConfigurableApplicationContext context, List<String> kinds) throws Exception {
		AiAgent agent = context.getBean(AiAgent.Builder.class).name("planner").persona("You plan.").build();
		AiTracer tracer = context.getBean(AiTracer.class);
		List<Future<?>> runs = new ArrayList<>(kinds.size());
		for (int i = 0; i < kinds.size(); i++) {
			String kind = kinds.get(i);
			int index = i;
			runs.add(workers.submit(() -> {
				try (AiSpan task = tracer.startSpan("task")) {
					task.setAttribute(KIND.getKey(), kind);
					try {
						agent.run("Plan trip " + index + " kind=" + kind);
					}
					catch (RuntimeException ex) {
						// The failing kind: the span tree records it.
					}
				}
			}));
		}
		for (Future<?> run : runs) {
			run.get(60, TimeUnit.SECONDS);
		}
	}

	private static List<SpanData> exported(ConfigurableApplicationContext context) {
		return LlmTracingSupport.finishedSpans(context.getBean(SdkTracerProvider.class),
				context.getBean(InMemorySpanExporter.class));
	}

	private static Map<String, List<String>> treesByKind(List<SpanData> spans) {
		Map<String, List<SpanData>> byTrace = spans.stream()
			.collect(Collectors.groupingBy(SpanData::getTraceId, LinkedHashMap::new, Collectors.toList()));
		Map<String, List<String>> trees = new LinkedHashMap<>();
		for (List<SpanData> trace : byTrace.values()) {
			SpanData root = LlmTracingSupport.one(trace, "task");
			String tree = LlmTracingSupport.tree(trace, root);
			// Every span of the trace is in the tree under its root.
			assertThat(tree.lines().count()).isEqualTo(trace.size());
			trees.computeIfAbsent(root.getAttributes().get(KIND), (kind) -> new ArrayList<>()).add(tree);
		}
		return trees;
	}

	private static ConfigurableApplicationContext start(double rate) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("ai-infra.tracing.exporter=none", "ai-infra.tracing.sample-rate=" + rate,
					"ai-infra.tracing.keep.slower-than=300ms", "ai-infra.tracing.keep.costlier-than=0.10",
					"spring.ai.openai.api-key=sk-test-keep", "spring.ai.openai.chat.options.model=gpt-4o-mini",
					"spring.ai.openai.chat.max-retries=0", "spring.ai.openai.base-url=" + server.apiBaseUrl(),
					"management.opentelemetry.tracing.export.max-queue-size=20000", "logging.level.root=warn")
			.run();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
