package ai.infra.internal.logging;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.StructuredLogFormatterFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * Tests for {@link AiInfraJsonLogFormatter}.
 */
class AiInfraJsonLogFormatterTests {

	private final LoggerContext loggerContext = new LoggerContext();

	private final ThrowableProxyConverter throwableProxyConverter = new ThrowableProxyConverter();

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void start() {
		this.throwableProxyConverter.start();
	}

	@AfterEach
	void stop() {
		this.throwableProxyConverter.stop();
	}

	@Test
	void shouldWriteOneJsonObjectPerLineWithTraceAndSpanIds() {
		LoggingEvent event = event("answered in {} ms", null, Map.of(TraceMdc.TRACE_ID,
				"4bf92f3577b34da6a3ce929d0e0e4736", TraceMdc.SPAN_ID, "00f067aa0ba902b7", "traceId", "ignored"));
		String line = formatter(null).format(event);
		assertThat(line).endsWith("\n").doesNotContain("\n{");
		assertThat(parse(line)).containsEntry("timestamp", "2026-01-02T03:04:05.678Z")
			.containsEntry("level", "INFO")
			.containsEntry("logger", "com.example.Answers")
			.containsEntry("thread", "worker-1")
			.containsEntry("message", "answered in 42 ms")
			.containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
			.containsEntry("span_id", "00f067aa0ba902b7")
			.doesNotContainKey("exception");
	}

	@Test
	void shouldLeaveIdsOutOutsideSpans() {
		assertThat(parse(formatter(null).format(event("idle", null, Map.of())))).doesNotContainKeys("trace_id",
				"span_id");
	}

	@Test
	void shouldFallBackToBootsIdsWhenOnlyTheyAreSet() {
		Map<String, Object> line = parse(formatter(null)
			.format(event("boot only", null, Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "a1"))));
		assertThat(line).containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736").containsEntry("span_id", "a1");
	}

	@Test
	void shouldDescribeTheException() {
		IllegalStateException failure = new IllegalStateException("index offline");
		Map<String, Object> line = parse(formatter(null).format(event("lookup failed", failure, Map.of())));
		assertThat(line).extractingByKey("exception", MAP)
			.containsEntry("type", IllegalStateException.class.getName())
			.containsEntry("message", "index offline")
			.hasEntrySatisfying("stacktrace", (trace) -> assertThat((String) trace)
				.startsWith("java.lang.IllegalStateException: index offline")
				.contains("at " + getClass().getName()));
	}

	@Test
	void shouldUseBootsStackTracePrinterWhenConfigured() {
		StackTracePrinter printer = (throwable, out) -> out.append("printed ").append(throwable.getMessage());
		Map<String, Object> line = parse(
				formatter(printer).format(event("failed", new IllegalStateException("boom"), Map.of())));
		assertThat(line).extractingByKey("exception", MAP).containsEntry("stacktrace", "printed boom");
	}

	@Test
	void shouldBeCreatedByBootFromItsClassNameWithBootsJsonCustomizations() {
		MockEnvironment environment = new MockEnvironment().withProperty("logging.structured.json.exclude", "thread")
			.withProperty("logging.structured.json.add.service", "checkout");
		StructuredLogFormatterFactory<ch.qos.logback.classic.spi.ILoggingEvent> factory = new StructuredLogFormatterFactory<>(
				ch.qos.logback.classic.spi.ILoggingEvent.class, environment,
				(parameters) -> parameters.add(ThrowableProxyConverter.class, this.throwableProxyConverter),
				(common) -> {
				});
		Map<String, Object> line = parse(
				factory.get(AiInfraJsonLogFormatter.class.getName()).format(event("created", null, Map.of())));
		assertThat(line).containsEntry("message", "created")
			.containsEntry("service", "checkout")
			.doesNotContainKey("thread");
	}

	private AiInfraJsonLogFormatter formatter(StackTracePrinter printer) {
		return new AiInfraJsonLogFormatter(printer, this.throwableProxyConverter, null);
	}

	private LoggingEvent event(String message, Throwable throwable, Map<String, String> mdc) {
		LoggingEvent event = new LoggingEvent(getClass().getName(), this.loggerContext.getLogger("com.example.Answers"),
				(throwable != null) ? Level.ERROR : Level.INFO, message, throwable, new Object[] { 42 });
		event.setThreadName("worker-1");
		event.setInstant(java.time.Instant.parse("2026-01-02T03:04:05.678Z"));
		event.setMDCPropertyMap(mdc);
		return event;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> parse(String line) {
		return this.json.readValue(line, Map.class);
	}

}
