package ai.infra.autoconfigure.tool;

import ai.infra.tool.AiToolRegistry;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that turns {@code @AiTool} methods into Spring AI tools, offered by
 * one {@code ToolCallbackProvider} bean. Tools work whether or not tracing is enabled.
 */
@AutoConfiguration
@ConditionalOnClass(ToolCallback.class)
public final class AiInfraToolAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static AiToolRegistry aiToolRegistry() {
		return new AiToolRegistry();
	}

}
