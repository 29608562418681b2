/**
 * Spring Boot wiring of ai-infra: the condition shared by every ai-infra auto-
 * configuration, the environment post-processors for ai-infra's variables and
 * defaults, the failure analyzers of start-up errors, and the check that stops start-up
 * when Micrometer Tracing uses Brave. The packages below hold one auto-configuration each; nothing here is called
 * by the instrumentation.
 */
@NullMarked
package ai.infra.autoconfigure;

import org.jspecify.annotations.NullMarked;
