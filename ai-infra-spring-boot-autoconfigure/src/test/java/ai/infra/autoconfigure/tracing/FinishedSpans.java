package ai.infra.autoconfigure.tracing;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.beans.factory.BeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the spans an application exported to its {@link InMemorySpanExporter} bean,
 * after flushing Boot's batch span processor.
 */
final class FinishedSpans {

	private FinishedSpans() {
	}

	static List<SpanData> of(BeanFactory beanFactory) {
		beanFactory.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		return beanFactory.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
	}

	static SpanData named(BeanFactory beanFactory, String name) {
		// A span around a stream or future ends just after its subscriber saw the last
		// signal, so it may need a moment to arrive.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		List<SpanData> spans = withName(beanFactory, name);
		while (spans.isEmpty() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			spans = withName(beanFactory, name);
		}
		assertThat(spans).as("spans named %s", name).hasSize(1);
		return spans.get(0);
	}

	private static List<SpanData> withName(BeanFactory beanFactory, String name) {
		return of(beanFactory).stream().filter((span) -> span.getName().equals(name)).toList();
	}

	static void reset(BeanFactory beanFactory) {
		beanFactory.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		beanFactory.getBean(InMemorySpanExporter.class).reset();
	}

}
