package ai.infra.tool;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.method.MethodToolCallback;
import org.springframework.ai.util.json.schema.JsonSchemaGenerator;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Turns the {@link AiTool @AiTool} methods of an object into Spring AI tool callbacks.
 */
public final class AiToolCallbacks {

	private AiToolCallbacks() {
	}

	/**
	 * Create a tool callback for every {@code @AiTool} method of the object.
	 * @param toolObject the object, usually a Spring bean (a proxy is fine)
	 * @return the callbacks, in declaration order
	 */
	public static List<ToolCallback> from(Object toolObject) {
		List<ToolCallback> callbacks = new ArrayList<>();
		for (Method method : aiToolMethods(AopUtils.getTargetClass(toolObject))) {
			AiTool tool = AnnotatedElementUtils.findMergedAnnotation(method, AiTool.class);
			ToolDefinition definition = ToolDefinition.builder()
				.name(toolName(method, tool))
				.description(StringUtils.hasText(tool.description()) ? tool.description() : method.getName())
				.inputSchema(JsonSchemaGenerator.generateForMethodInput(method))
				.build();
			ReflectionUtils.makeAccessible(method);
			callbacks.add(MethodToolCallback.builder()
				.toolDefinition(definition)
				.toolMethod(method)
				.toolObject(toolObject)
				.build());
		}
		return callbacks;
	}

	/**
	 * Return the {@code @AiTool} methods of a class.
	 * @param type the class
	 * @return the methods
	 */
	public static List<Method> aiToolMethods(Class<?> type) {
		List<Method> methods = new ArrayList<>();
		ReflectionUtils.doWithMethods(type, methods::add,
				(method) -> AnnotatedElementUtils.hasAnnotation(method, AiTool.class) && !method.isBridge());
		return methods;
	}

	/**
	 * Return the name of the tool a method provides.
	 * @param method the {@code @AiTool} method
	 * @param tool its annotation
	 * @return the configured name, else the method name
	 */
	public static String toolName(Method method, AiTool tool) {
		return StringUtils.hasText(tool.name()) ? tool.name() : method.getName();
	}

}
