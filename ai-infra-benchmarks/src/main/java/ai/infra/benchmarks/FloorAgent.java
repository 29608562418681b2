package ai.infra.benchmarks;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * The floor of an agent run: the {@code agent.run} span and one {@code agent.step.N} span
 * per model call written by hand around a {@code ChatClient} call, with the run's totals
 * and the same two meters as ai-infra. A step starts when the previous model call asked
 * for tools, so it holds those tool calls and the next model call, as ai-infra's steps do.
 * The run's cost is left out, which makes it a lower bound.
 */
final class FloorAgent {

	static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("ai.agent.name");

	static final AttributeKey<Long> AGENT_STEPS = AttributeKey.longKey("ai.agent.steps");

	static final AttributeKey<Long> AGENT_STEP = AttributeKey.longKey("ai.agent.step");

	static final AttributeKey<Long> PROMPT_TOKENS = AttributeKey.longKey("ai.prompt_tokens");

	static final AttributeKey<Long> COMPLETION_TOKENS = AttributeKey.longKey("ai.completion_tokens");

	static final AttributeKey<Long> TOTAL_TOKENS = AttributeKey.longKey("ai.total_tokens");

	// The ChatClient's tool loop runs on the caller's thread, so the run in progress is
	// found the way hand-written instrumentation would find it.
	private static final ThreadLocal<Run> current = new ThreadLocal<>();

	private final Tracer tracer;

	private final String name;

	private final Counter runs;

	private final DistributionSummary steps;

	FloorAgent(Tracer tracer, MeterRegistry meterRegistry, String name) {
		this.tracer = tracer;
		this.name = name;
		this.runs = Counter.builder("ai.agent.runs").tags("agent", name, "status", "success").register(meterRegistry);
		this.steps = DistributionSummary.builder("ai.agent.steps")
			.tags("agent", name)
			.serviceLevelObjectives(1, 2, 3, 5, 8, 13, 21)
			.register(meterRegistry);
	}

	ChatResponse run(Supplier<ChatResponse> loop) {
		Span span = this.tracer.spanBuilder("agent.run").setAttribute(AGENT_NAME, this.name).startSpan();
		Run run = new Run(span);
		current.set(run);
		try (Scope scope = span.makeCurrent()) {
			ChatResponse response = loop.get();
			run.endStep();
			span.setAttribute(AGENT_STEPS, run.steps);
			span.setAttribute(PROMPT_TOKENS, run.promptTokens);
			span.setAttribute(COMPLETION_TOKENS, run.completionTokens);
			span.setAttribute(TOTAL_TOKENS, run.promptTokens + run.completionTokens);
			this.runs.increment();
			this.steps.record(run.steps);
			return response;
		}
		finally {
			run.endStep();
			current.remove();
			span.end();
		}
	}

	/**
	 * Return the run in progress on this thread.
	 * @return the run, or {@code null} outside one
	 */
	static Run current() {
		return current.get();
	}

	/**
	 * One run's steps and totals.
	 */
	final class Run {

		private final Span span;

		private long steps;

		private long promptTokens;

		private long completionTokens;

		private Span step;

		private Scope stepScope;

		private Run(Span span) {
			this.span = span;
		}

		void beforeModelCall() {
			if (this.step == null) {
				startStep();
			}
		}

		void afterModelCall(ChatResponse response) {
			Usage usage = response.getMetadata().getUsage();
			this.promptTokens += usage.getPromptTokens();
			this.completionTokens += usage.getCompletionTokens();
			if (response.hasToolCalls()) {
				endStep();
				startStep();
			}
		}

		private void startStep() {
			this.steps++;
			this.step = FloorAgent.this.tracer.spanBuilder("agent.step." + this.steps)
				.setParent(io.opentelemetry.context.Context.current().with(this.span))
				.setAttribute(AGENT_STEP, this.steps)
				.startSpan();
			this.stepScope = this.step.makeCurrent();
		}

		void endStep() {
			if (this.step != null) {
				this.stepScope.close();
				this.step.end();
				this.step = null;
			}
		}

	}

}
