package ai.infra.internal.logging;

import java.time.Instant;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.JsonWriter.Members;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Logback {@link StructuredLogFormatter} behind {@code ai-infra.logging.format=json}: one
 * JSON object per line with {@code timestamp}, {@code level}, {@code logger},
 * {@code thread}, {@code message}, {@code trace_id} and {@code span_id} (only inside a
 * span) and, for a logged exception, {@code exception} with its {@code type},
 * {@code message} and {@code stacktrace}. Boot's {@code logging.structured.json.*}
 * settings (include, exclude, rename, add, stack trace) apply to it.
 */
public class AiInfraJsonLogFormatter extends JsonWriterStructuredLogFormatter<ILoggingEvent> {

	// Boot's own keys, used when ai-infra's listener is not active (tracing disabled).
	private static final String BOOT_TRACE_ID = "traceId";

	private static final String BOOT_SPAN_ID = "spanId";

	/**
	 * Create a new formatter; Boot supplies the arguments when it instantiates the class
	 * named by {@code logging.structured.format.console}.
	 * @param stackTracePrinter the printer configured through
	 * {@code logging.structured.json.stacktrace.*}, if any
	 * @param throwableProxyConverter Logback's converter, used without such a printer
	 * @param customizer Boot's customizer for {@code logging.structured.json.*}
	 */
	public AiInfraJsonLogFormatter(@Nullable StackTracePrinter stackTracePrinter,
			ThrowableProxyConverter throwableProxyConverter,
			@Nullable StructuredLoggingJsonMembersCustomizer<?> customizer) {
		super((members) -> members(members, stackTracePrinter, throwableProxyConverter), customizer);
	}

	private static void members(Members<ILoggingEvent> members, @Nullable StackTracePrinter stackTracePrinter,
			ThrowableProxyConverter throwableProxyConverter) {
		members.add("timestamp", ILoggingEvent::getInstant).as(Instant::toString);
		members.add("level", ILoggingEvent::getLevel).as(Level::toString);
		members.add("logger", ILoggingEvent::getLoggerName);
		members.add("thread", ILoggingEvent::getThreadName);
		members.add("message", ILoggingEvent::getFormattedMessage);
		members.add("trace_id", (event) -> mdc(event, TraceMdc.TRACE_ID, BOOT_TRACE_ID)).whenHasLength();
		members.add("span_id", (event) -> mdc(event, TraceMdc.SPAN_ID, BOOT_SPAN_ID)).whenHasLength();
		members.add("exception", (event) -> event)
			.whenNotNull(ILoggingEvent::getThrowableProxy)
			.usingMembers((exception) -> {
				exception.add("type", (event) -> event.getThrowableProxy().getClassName());
				exception.add("message", (event) -> event.getThrowableProxy().getMessage()).whenNotNull();
				exception.add("stacktrace", (event) -> stackTrace(event, stackTracePrinter, throwableProxyConverter));
			});
	}

	private static @Nullable String mdc(ILoggingEvent event, String key, String fallbackKey) {
		String value = event.getMDCPropertyMap().get(key);
		return (value != null) ? value : event.getMDCPropertyMap().get(fallbackKey);
	}

	private static String stackTrace(ILoggingEvent event, @Nullable StackTracePrinter stackTracePrinter,
			ThrowableProxyConverter throwableProxyConverter) {
		IThrowableProxy proxy = event.getThrowableProxy();
		if (stackTracePrinter != null && proxy instanceof ThrowableProxy throwableProxy) {
			return stackTracePrinter.printStackTraceToString(throwableProxy.getThrowable());
		}
		return throwableProxyConverter.convert(event);
	}

}
