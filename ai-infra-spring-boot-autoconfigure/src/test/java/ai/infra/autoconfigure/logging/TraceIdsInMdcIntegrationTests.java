package ai.infra.autoconfigure.logging;

import java.util.concurrent.atomic.AtomicBoolean;

import ai.infra.autoconfigure.tracing.LoggingReset;
import ai.infra.internal.logging.TraceMdc;
import ai.infra.internal.logging.TraceMdcEventListener;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a running application, every OpenTelemetry scope keeps {@code trace_id} and
 * {@code span_id} in the MDC, whoever opened it, beside Boot's {@code traceId} and
 * {@code spanId}.
 */
class TraceIdsInMdcIntegrationTests {

	@AfterEach
	void clean() {
		MDC.clear();
		LoggingReset.toDefaults();
	}

	@Test
	void shouldShowIdsOfSpansMadeWithTheOpenTelemetryApi() {
		try (ConfigurableApplicationContext context = run()) {
			io.opentelemetry.api.trace.Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("other.library");
			Span outer = tracer.spanBuilder("outer").startSpan();
			try (Scope outerScope = outer.makeCurrent()) {
				assertMdcShows(outer);
				Span inner = tracer.spanBuilder("inner").startSpan();
				try (Scope innerScope = inner.makeCurrent()) {
					assertMdcShows(inner);
				}
				assertMdcShows(outer);
				try (Scope root = Context.root().makeCurrent()) {
					assertThat(MDC.get(TraceMdc.TRACE_ID)).isNull();
				}
			}
			assertThat(MDC.get(TraceMdc.TRACE_ID)).isNull();
			assertThat(MDC.get(TraceMdc.SPAN_ID)).isNull();
			assertThat(MDC.get("traceId")).isNull();
		}
	}

	@Test
	void shouldShowIdsOfSpansMadeWithMicrometerTracing() {
		try (ConfigurableApplicationContext context = run()) {
			Tracer tracer = context.getBean(Tracer.class);
			io.micrometer.tracing.Span span = tracer.nextSpan().name("micrometer").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				assertThat(MDC.get(TraceMdc.TRACE_ID)).isEqualTo(span.context().traceId());
				assertThat(MDC.get(TraceMdc.SPAN_ID)).isEqualTo(span.context().spanId());
			}
			finally {
				span.end();
			}
			assertThat(MDC.get(TraceMdc.TRACE_ID)).isNull();
		}
	}

	@Test
	void shouldLeaveTheMdcToBootWhenTracingIsDisabled() {
		try (ConfigurableApplicationContext context = run("--ai-infra.tracing.enabled=false")) {
			io.opentelemetry.api.trace.Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("other.library");
			Span span = tracer.spanBuilder("boot_only").startSpan();
			try (Scope scope = span.makeCurrent()) {
				assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
			}
			// Boot publishes context events to the listeners of every live context, and the
			// suite keeps other contexts with ai-infra alive: what this context must not
			// have is a listener of its own.
			assertThat(context.getBeansOfType(TraceMdcEventListener.class)).isEmpty();
		}
	}

	// Why ai-infra rides on the wrapper Boot installs when the application starts
	// instead of adding its own later: OpenTelemetry 1.55 ignores a wrapper added
	// after the context storage was first used.
	@Test
	void contextStorageIgnoresWrappersAddedAfterItsFirstUse() {
		Context.current();
		AtomicBoolean applied = new AtomicBoolean();
		ContextStorage.addWrapper((storage) -> {
			applied.set(true);
			return storage;
		});
		try (Scope scope = Context.root().with(Span.getInvalid()).makeCurrent()) {
			assertThat(applied).isFalse();
		}
	}

	private static void assertMdcShows(Span span) {
		assertThat(MDC.get(TraceMdc.TRACE_ID)).isEqualTo(span.getSpanContext().getTraceId());
		assertThat(MDC.get(TraceMdc.SPAN_ID)).isEqualTo(span.getSpanContext().getSpanId());
		assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
		assertThat(MDC.get("spanId")).isEqualTo(span.getSpanContext().getSpanId());
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(TracedApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] arguments = new String[args.length + 3];
		arguments[0] = "--spring.main.banner-mode=off";
		arguments[1] = "--ai-infra.tracing.exporter=none";
		arguments[2] = "--spring.ai.openai.api-key=sk-unused";
		System.arraycopy(args, 0, arguments, 3, args.length);
		return application.run(arguments);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TracedApplication {

	}

}
