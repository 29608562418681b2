package ai.infra.tool;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.support.ToolUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Collects the {@link AiTool @AiTool} methods of every bean and offers them as one
 * {@link ToolCallbackProvider}, to give to a {@code ChatClient} or an {@code AiAgent}.
 * It also knows which tools opted out of tracing.
 */
public final class AiToolRegistry implements BeanPostProcessor, ToolCallbackProvider, Ordered {

	private final Map<String, Object> toolBeans = new ConcurrentHashMap<>();

	private final Set<String> aiToolNames = ConcurrentHashMap.newKeySet();

	private final Set<String> untracedTools = ConcurrentHashMap.newKeySet();

	private volatile ToolCallback @Nullable [] callbacks;

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		List<Method> methods = new ArrayList<>();
		ReflectionUtils.doWithMethods(AopUtils.getTargetClass(bean), methods::add,
				(method) -> AnnotatedElementUtils.hasAnnotation(method, AiTool.class) && !method.isBridge());
		if (!methods.isEmpty()) {
			this.toolBeans.put(beanName, bean);
			for (Method method : methods) {
				String name = ToolUtils.getToolName(method);
				this.aiToolNames.add(name);
				if (!AnnotatedElementUtils.findMergedAnnotation(method, AiTool.class).trace()) {
					this.untracedTools.add(name);
				}
			}
			this.callbacks = null;
		}
		return bean;
	}

	@Override
	public ToolCallback[] getToolCallbacks() {
		ToolCallback[] result = this.callbacks;
		if (result == null) {
			List<ToolCallback> all = new ArrayList<>();
			for (Object bean : this.toolBeans.values()) {
				// Only the @AiTool methods: a bean's plain @Tool methods are the
				// application's to offer.
				for (ToolCallback callback : ToolCallbacks.from(bean)) {
					if (this.aiToolNames.contains(callback.getToolDefinition().name())) {
						all.add(callback);
					}
				}
			}
			result = all.toArray(ToolCallback[]::new);
			this.callbacks = result;
		}
		return result.clone();
	}

	/**
	 * Return whether calls of a tool are traced.
	 * @param toolName the tool's name
	 * @return {@code false} only for an {@code @AiTool(trace = false)} tool
	 */
	public boolean isTraced(String toolName) {
		return !this.untracedTools.contains(toolName);
	}

	@Override
	public int getOrder() {
		// After the post-processor that adds tracing, so that tools call the traced bean.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
