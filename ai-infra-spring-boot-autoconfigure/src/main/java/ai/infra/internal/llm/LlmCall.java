package ai.infra.internal.llm;

import ai.infra.internal.budget.BudgetCharge;
import ai.infra.internal.observation.AgentRun;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * State of one model round trip, or one embedding call, while it runs: its span, when it
 * started, and what was asked for.
 */
public final class LlmCall {

	private final Span span;

	private final long startNanos;

	private final String provider;

	private final String requestModel;

	private final boolean stream;

	private final @Nullable StreamTiming streamTiming;

	private final @Nullable AgentRun agentRun;

	private final Thread startThread;

	private volatile long firstChunkNanos;

	private volatile @Nullable StreamUsage streamUsage;

	private volatile @Nullable Throwable error;

	private volatile @Nullable BudgetCharge budgetCharge;

	private boolean finished;

	LlmCall(Span span, long startNanos, String provider, String requestModel, boolean stream,
			@Nullable StreamTiming streamTiming, @Nullable AgentRun agentRun) {
		this.agentRun = agentRun;
		this.span = span;
		this.startNanos = startNanos;
		this.provider = provider;
		this.requestModel = requestModel;
		this.stream = stream;
		this.streamTiming = streamTiming;
		this.startThread = Thread.currentThread();
	}

	/**
	 * Return the {@code llm.generate} span.
	 * @return the span
	 */
	public Span span() {
		return this.span;
	}

	long startNanos() {
		return this.startNanos;
	}

	String provider() {
		return this.provider;
	}

	String requestModel() {
		return this.requestModel;
	}

	boolean stream() {
		return this.stream;
	}

	@Nullable AgentRun agentRun() {
		return this.agentRun;
	}

	@Nullable StreamTiming streamTiming() {
		return this.streamTiming;
	}

	/**
	 * Note that the observation's scope was opened, which for a stream, with Reactor's
	 * automatic context propagation, happens for every signal. Subscribing and requesting
	 * open it on the thread that started the call; the first time it is opened on another
	 * thread, the model's client is delivering the first chunk of the response.
	 */
	void scopeOpened() {
		if (this.stream && this.firstChunkNanos == 0 && Thread.currentThread() != this.startThread) {
			this.firstChunkNanos = System.nanoTime();
		}
	}

	long firstChunkNanos() {
		return this.firstChunkNanos;
	}

	@Nullable StreamUsage streamUsage() {
		return this.streamUsage;
	}

	void streamUsage(@Nullable StreamUsage streamUsage) {
		this.streamUsage = streamUsage;
	}

	@Nullable BudgetCharge budgetCharge() {
		return this.budgetCharge;
	}

	void budgetCharge(@Nullable BudgetCharge budgetCharge) {
		this.budgetCharge = budgetCharge;
	}

	@Nullable Throwable error() {
		return this.error;
	}

	void failed(Throwable error) {
		this.error = error;
	}

	boolean isFinished() {
		return this.finished;
	}

	/**
	 * Mark the call finished, once.
	 * @return whether this was the first time
	 */
	boolean finish() {
		if (this.finished) {
			return false;
		}
		this.finished = true;
		return true;
	}

}
