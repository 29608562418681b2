package ai.infra.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a Spring bean as a tool the model can call. It is Spring AI's
 * {@link Tool @Tool} with tracing: the method is a Spring AI tool wherever Spring AI
 * accepts {@code @Tool} methods ({@code ChatClient...tools(bean)},
 * {@code ToolCallbacks.from(bean)}, {@code MethodToolCallbackProvider}), it is offered by
 * ai-infra's {@link AiToolRegistry}, and every call, by the model or directly from Java,
 * is one {@code tool.<name>} span.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tool
public @interface AiTool {

	/**
	 * The tool's name; the method name when empty.
	 * @return the name
	 */
	@AliasFor(annotation = Tool.class, attribute = "name")
	String name() default "";

	/**
	 * What the tool does, for the model; Spring AI derives one from the method name when
	 * empty.
	 * @return the description
	 */
	@AliasFor(annotation = Tool.class, attribute = "description")
	String description() default "";

	/**
	 * Whether calls of this tool are traced.
	 * @return {@code false} to leave this tool without spans and meters
	 */
	boolean trace() default true;

}
