package ai.infra.autoconfigure.tracing;

import java.util.IdentityHashMap;
import java.util.Map;

import ai.infra.internal.export.DroppedSpans;
import ai.infra.internal.export.ExportTarget;
import ai.infra.internal.export.ExporterType;
import ai.infra.internal.export.OutageReportingSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.core.type.MethodMetadata;

/**
 * Builds the {@link SpanExporters} that Boot's batch span processor exports to: every
 * {@link SpanExporter} bean, as Boot would list them, with each network exporter of
 * {@link OtlpSpanExporterConfigurations} and
 * {@link AiInfraSpanExporterConfigurations} wrapped in an
 * {@link OutageReportingSpanExporter}. Wrapping here rather than in the bean methods
 * keeps the exporter beans' types, which Boot's own OTLP exporter backs off from.
 */
final class OutageReportingSpanExporters {

	/**
	 * ai-infra's network exporter beans and the exporter whose endpoint each sends to.
	 */
	static final Map<String, ExporterType> NETWORK_EXPORTER_BEANS = Map.of("aiInfraOtlpGrpcSpanExporter",
			ExporterType.OTLP, "aiInfraOtlpHttpSpanExporter", ExporterType.OTLP, "aiInfraJaegerSpanExporter",
			ExporterType.JAEGER, "aiInfraZipkinSpanExporter", ExporterType.ZIPKIN);

	private OutageReportingSpanExporters() {
	}

	static SpanExporters of(ObjectProvider<SpanExporter> exporters, ConfigurableListableBeanFactory beanFactory,
			ExportTargets targets, DroppedSpans droppedSpans) {
		Map<SpanExporter, ExportTarget> networkExporters = new IdentityHashMap<>();
		NETWORK_EXPORTER_BEANS.forEach((name, type) -> {
			ExportTarget target = targets.target(type);
			if (target != null && target.endpoint() != null && isAiInfraBean(beanFactory, name)) {
				networkExporters.put(beanFactory.getBean(name, SpanExporter.class), target);
			}
		});
		return SpanExporters.of(exporters.orderedStream().map((exporter) -> {
			ExportTarget target = networkExporters.get(exporter);
			return (target != null) ? new OutageReportingSpanExporter(exporter, target.endpoint(), droppedSpans)
					: exporter;
		}).toList());
	}

	// A user's bean of the same name replaces ai-infra's and is left as it is.
	private static boolean isAiInfraBean(ConfigurableListableBeanFactory beanFactory, String name) {
		if (!beanFactory.containsBeanDefinition(name)
				|| !(beanFactory.getBeanDefinition(name) instanceof AnnotatedBeanDefinition definition)) {
			return false;
		}
		MethodMetadata factoryMethod = definition.getFactoryMethodMetadata();
		return factoryMethod != null && (factoryMethod.getDeclaringClassName()
			.startsWith(OtlpSpanExporterConfigurations.class.getName())
				|| factoryMethod.getDeclaringClassName().startsWith(AiInfraSpanExporterConfigurations.class.getName()));
	}

}
