package ai.infra.internal.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the attribution tags of {@link AiMetrics}: baggage values as tags on every
 * meter, and the cap on distinct values per tag.
 */
@ExtendWith(OutputCaptureExtension.class)
class AiMetricsAttributionTests {

	private static final int CAP = 10;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AiMetrics metrics = new AiMetrics(this.registry, List.of("tenant.id", "feature"), CAP);

	@Test
	void shouldReportValuesPastTheCapAsOtherCountThemAndWarnOnce(CapturedOutput output) {
		for (int tenant = 1; tenant <= CAP + 5; tenant++) {
			Attribution attribution = this.metrics.attribution(baggage("tenant.id", "t" + tenant, "feature", "chat"));
			this.metrics.recordLlmCall(attribution, "openai", "gpt-4o-mini", AiMetrics.SUCCESS, 1_000_000, 10, 2,
					0.01);
		}
		// The capped values keep their own series; a value seen before the cap was reached
		// is still counted under its name afterwards.
		this.metrics.recordLlmCall(this.metrics.attribution(baggage("tenant.id", "t3", "feature", "chat")), "openai",
				"gpt-4o-mini", AiMetrics.SUCCESS, 1_000_000, 10, 2, 0.01);
		Map<String, Double> requestsByTenant = new TreeMap<>();
		this.registry.get("ai.llm.requests")
			.counters()
			.forEach((counter) -> requestsByTenant.merge(counter.getId().getTag("tenant.id"), counter.count(),
					Double::sum));
		Map<String, Double> expected = new TreeMap<>();
		for (int tenant = 1; tenant <= CAP; tenant++) {
			expected.put("t" + tenant, (tenant == 3) ? 2.0 : 1.0);
		}
		expected.put("other", 5.0);
		assertThat(requestsByTenant).isEqualTo(expected);
		assertThat(this.registry.get("ai.metrics.tag.overflow").tag("tag", "tenant.id").counter().count())
			.isEqualTo(5.0);
		assertThat(this.registry.get("ai.metrics.tag.overflow").tag("tag", "feature").counter().count()).isZero();
		assertThat(output.getAll().lines().filter((line) -> line.contains("ai.metrics.tag.overflow")).toList())
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN", "'tenant.id'", "cap of 10")
				.doesNotContain("t11", "t12"));
	}

	@Test
	void shouldTagEveryMeterWithEveryKeyAndNoneForAMissingEntry() {
		Attribution acme = this.metrics.attribution(baggage("tenant.id", "acme"));
		this.metrics.recordLlmCall(acme, "openai", "gpt-4o-mini", AiMetrics.SUCCESS, 1_000_000, 10, 2, 0.01);
		this.metrics.recordEmbeddingCall(acme, "openai", "text-embedding-3-small", AiMetrics.SUCCESS, 1_000_000, 10,
				0.001);
		this.metrics.recordToolCall(acme, "getWeather", AiMetrics.ERROR, 1_000_000);
		this.metrics.recordAgentRun(this.metrics.attribution(Context.root()), "travel", AiMetrics.SUCCESS, 3);
		List<Meter> meters = this.registry.getMeters()
			.stream()
			.filter((meter) -> !meter.getId().getName().equals("ai.metrics.tag.overflow"))
			.toList();
		assertThat(meters).extracting((meter) -> meter.getId().getName())
			.contains("ai.llm.requests", "ai.llm.tokens", "ai.llm.duration", "ai.llm.cost", "ai.tool.calls",
					"ai.tool.duration", "ai.agent.runs", "ai.agent.steps");
		for (Meter meter : meters) {
			boolean agent = meter.getId().getName().startsWith("ai.agent.");
			assertThat(meter.getId().getTag("tenant.id")).as("%s", meter.getId()).isEqualTo(agent ? "none" : "acme");
			assertThat(meter.getId().getTag("feature")).as("%s", meter.getId()).isEqualTo("none");
		}
		assertThat(this.registry.get("ai.tool.calls").tags("tool", "getWeather", "status", "error").counter().count())
			.isEqualTo(1.0);
	}

	@Test
	void shouldKeepTheMetersUntaggedAndAllocateNoAttributionWithoutKeys() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		AiMetrics untagged = new AiMetrics(registry);
		Attribution attribution = untagged.attribution(baggage("tenant.id", "acme"));
		assertThat(attribution).isSameAs(Attribution.NONE);
		untagged.recordLlmCall(attribution, "openai", "gpt-4o-mini", AiMetrics.SUCCESS, 1_000_000, 10, 2, 0.01);
		Counter requests = registry.get("ai.llm.requests").counter();
		assertThat(requests.getId().getTags()).extracting((tag) -> tag.getKey())
			.containsExactlyInAnyOrder("provider", "model", "operation", "status");
		assertThat(registry.find("ai.metrics.tag.overflow").counters()).isEmpty();
	}

	@Test
	void shouldShareOneAttributionForEveryOperationWithoutBaggage() {
		assertThat(this.metrics.attribution(Context.root())).isSameAs(this.metrics.attribution(Context.root()))
			.isSameAs(this.metrics.attribution(baggage("user.id", "bob")));
	}

	private static Context baggage(String... entries) {
		var builder = Baggage.builder();
		for (int i = 0; i < entries.length; i += 2) {
			builder.put(entries[i], entries[i + 1]);
		}
		return Context.root().with(builder.build());
	}

}
