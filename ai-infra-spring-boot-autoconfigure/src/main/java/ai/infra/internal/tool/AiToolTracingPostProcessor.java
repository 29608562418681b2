package ai.infra.internal.tool;

import ai.infra.tool.AiTool;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * Proxies beans with {@link AiTool @AiTool} methods so that direct Java calls of those
 * methods are traced too.
 */
public final class AiToolTracingPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	/**
	 * Create a post-processor.
	 * @param interceptor traces the calls
	 */
	public AiToolTracingPostProcessor(AiToolMethodInterceptor interceptor) {
		this.advisor = new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(AiTool.class),
				interceptor);
		setProxyTargetClass(true);
		setBeforeExistingAdvisors(true);
	}

}
