package ai.infra.tracing;

import ai.infra.internal.logging.TraceMdc;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes an {@link AiSpan}'s context current, with its ids in the MDC, on the thread that
 * started it, and puts back what was current before on that same thread only.
 */
final class SpanScope {

	private static final Log logger = LogFactory.getLog(AiSpan.class);

	private @Nullable Scope scope;

	private TraceMdc.@Nullable Saved savedMdc;

	private @Nullable Thread thread;

	void open(Context context, SpanContext spanContext) {
		if (this.scope != null) {
			return;
		}
		this.savedMdc = TraceMdc.replace(spanContext);
		this.scope = context.makeCurrent();
		this.thread = Thread.currentThread();
	}

	void close() {
		Scope current = this.scope;
		if (current == null) {
			return;
		}
		if (this.thread != Thread.currentThread()) {
			// Closing here would corrupt this thread's context; the starting thread
			// keeps the span current until the span is closed there.
			logger.debug("AiSpan closed on a thread other than the one that started it; span ended only");
			return;
		}
		this.scope = null;
		current.close();
		TraceMdc.Saved saved = this.savedMdc;
		this.savedMdc = null;
		if (saved != null) {
			saved.restore();
		}
	}

}
