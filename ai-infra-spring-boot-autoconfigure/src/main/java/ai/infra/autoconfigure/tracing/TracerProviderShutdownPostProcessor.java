package ai.infra.autoconfigure.tracing;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

/**
 * Shuts the {@link SdkTracerProvider} down, when the context closes, with the export
 * timeout as the limit. Shutting down exports every span still queued; OpenTelemetry's
 * own {@code close()} would wait up to 10 seconds for that, and the batch span
 * processor waits up to the export timeout for each batch, so an endpoint that never
 * answers could otherwise hold shutdown for several timeouts. Runs before whichever
 * of the tracer provider and the {@link OpenTelemetrySdk} holding it is closed first;
 * their own {@code close()} then finds the provider already shut down.
 */
final class TracerProviderShutdownPostProcessor implements DestructionAwareBeanPostProcessor {

	private static final Log logger = LogFactory.getLog(TracerProviderShutdownPostProcessor.class);

	private final Supplier<Duration> timeout;

	private final Set<SdkTracerProvider> shutDown = Collections
		.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

	/**
	 * Create a post-processor.
	 * @param timeout supplies the export timeout when the context closes
	 */
	TracerProviderShutdownPostProcessor(Supplier<Duration> timeout) {
		this.timeout = timeout;
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return bean instanceof SdkTracerProvider || bean instanceof OpenTelemetrySdk;
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		SdkTracerProvider provider = (bean instanceof OpenTelemetrySdk sdk) ? sdk.getSdkTracerProvider()
				: (SdkTracerProvider) bean;
		if (provider == null || !this.shutDown.add(provider)) {
			return;
		}
		try {
			Duration timeout = this.timeout.get();
			CompletableResultCode result = provider.shutdown().join(timeout.toNanos(), TimeUnit.NANOSECONDS);
			if (!result.isDone()) {
				logger.warn("Spans were still being exported when the export timeout of " + timeout
						+ " ran out at shutdown; they are dropped. Check that the exporter's endpoint answers, or raise "
						+ ExportTimeout.PROPERTY);
			}
		}
		catch (RuntimeException ex) {
			// Closing the provider as usual still follows.
			logger.warn("Could not shut down the tracer provider within the export timeout", ex);
		}
	}

}
