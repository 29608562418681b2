package ai.infra.internal.tool;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import ai.infra.tool.AiTool;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.tool.observation.ToolCallingObservationContext;
import org.springframework.ai.tool.support.ToolUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Traces direct Java calls of {@link AiTool @AiTool} methods. When the model calls the
 * tool, Spring AI's tool observation already has its span, so the call is not traced a
 * second time; a failure is then noted on that span.
 */
public final class AiToolMethodInterceptor implements MethodInterceptor {

	private static final String UNTRACED = "";

	private final Supplier<@Nullable ToolCallRecorder> recorder;

	private final Supplier<@Nullable ObservationRegistry> observationRegistry;

	// Tool name per method, or UNTRACED: resolved once, not on every call.
	private final Map<Method, String> toolNames = new ConcurrentHashMap<>();

	/**
	 * Create an interceptor. Collaborators are looked up on first use: the interceptor
	 * is created with the bean post-processors, before them.
	 * @param recorder starts and ends tool spans
	 * @param observationRegistry where a tool observation of the model's call is found
	 */
	public AiToolMethodInterceptor(ObjectProvider<ToolCallRecorder> recorder,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		this.recorder = SingletonSupplier.of(recorder::getIfAvailable);
		this.observationRegistry = SingletonSupplier.of(observationRegistry::getIfAvailable);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		String name = this.toolNames.computeIfAbsent(method, AiToolMethodInterceptor::tracedToolName);
		ToolCallRecorder recorder = this.recorder.get();
		if (name.equals(UNTRACED) || recorder == null) {
			return invocation.proceed();
		}
		Observation current = currentObservation();
		if (current != null && current.getContext() instanceof ToolCallingObservationContext context
				&& name.equals(context.getToolDefinition().name())) {
			try {
				return invocation.proceed();
			}
			catch (Throwable ex) {
				ToolCallObservationHandler.markFailed(current, ex);
				throw ex;
			}
		}
		ToolCall call = startDirectCall(recorder, name, method, invocation.getArguments());
		if (call == null) {
			return invocation.proceed();
		}
		try (Scope scope = call.span().makeCurrent()) {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			call.failed(ex);
			throw ex;
		}
		finally {
			finish(recorder, call);
		}
	}

	private static String tracedToolName(Method method) {
		AiTool tool = AnnotatedElementUtils.findMergedAnnotation(method, AiTool.class);
		return (tool != null && tool.trace()) ? ToolUtils.getToolName(method) : UNTRACED;
	}

	private @Nullable Observation currentObservation() {
		ObservationRegistry registry = this.observationRegistry.get();
		return (registry != null) ? registry.getCurrentObservation() : null;
	}

	private static @Nullable ToolCall startDirectCall(ToolCallRecorder recorder, String name, Method method,
			Object[] arguments) {
		try {
			return recorder.start(name, () -> recorder.arguments().sanitize(named(method, arguments)), null,
					Context.current());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static Map<String, Object> named(Method method, Object[] arguments) {
		Map<String, Object> named = new LinkedHashMap<>();
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			named.put(parameters[i].getName(), arguments[i]);
		}
		return named;
	}

	private static void finish(ToolCallRecorder recorder, ToolCall call) {
		try {
			recorder.finish(call);
		}
		catch (RuntimeException ex) {
			// Never let tracing change what the caller sees.
		}
	}

}
