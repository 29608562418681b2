package ai.infra.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as a tool the model can call. The method becomes a
 * Spring AI tool (its parameters described by the method signature and
 * {@code @ToolParam}), offered by ai-infra's {@code ToolCallbackProvider} bean, and every
 * call, by the model or directly from Java, is a {@code tool.<name>} span.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AiTool {

	/**
	 * The tool's name; the method name when empty.
	 * @return the name
	 */
	String name() default "";

	/**
	 * What the tool does, for the model; the method name when empty.
	 * @return the description
	 */
	String description() default "";

	/**
	 * Whether calls of this tool are traced.
	 * @return {@code false} to leave this tool without spans and meters
	 */
	boolean trace() default true;

}
