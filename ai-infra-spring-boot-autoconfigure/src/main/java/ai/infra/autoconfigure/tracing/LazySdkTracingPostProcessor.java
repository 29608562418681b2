package ai.infra.autoconfigure.tracing;

import java.util.List;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;

/**
 * Under the OpenTelemetry Java agent, makes the beans of Boot's own tracing SDK (tracer
 * provider, sampler, span processors and exporters) lazy. Every tracer then comes from
 * the agent's OpenTelemetry, so nothing asks for them; created eagerly they would start a
 * batch span processor thread, and exporters that never receive a span.
 */
final class LazySdkTracingPostProcessor implements BeanFactoryPostProcessor {

	private static final List<Class<?>> SDK_TYPES = List.of(SdkTracerProvider.class, Sampler.class,
			SpanLimits.class, SpanProcessor.class, SpanProcessors.class, SpanExporter.class, SpanExporters.class);

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		for (Class<?> type : SDK_TYPES) {
			for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
				if (beanFactory.containsBeanDefinition(name)) {
					beanFactory.getBeanDefinition(name).setLazyInit(true);
				}
			}
		}
	}

}
