/**
 * Spring Boot wiring of ai-infra: the condition shared by every ai-infra auto-
 * configuration and the environment post-processors for ai-infra's variables and
 * defaults. The packages below hold one auto-configuration each; nothing here is called
 * by the instrumentation.
 */
@NullMarked
package ai.infra.autoconfigure;

import org.jspecify.annotations.NullMarked;
