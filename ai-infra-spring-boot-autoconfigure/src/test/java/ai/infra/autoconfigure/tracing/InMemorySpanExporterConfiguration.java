package ai.infra.autoconfigure.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A user's own span exporter that keeps finished spans in memory for assertions.
 */
@Configuration(proxyBeanMethods = false)
class InMemorySpanExporterConfiguration {

	@Bean
	InMemorySpanExporter inMemorySpanExporter() {
		return InMemorySpanExporter.create();
	}

}
