/**
 * The agent facade users write: {@link ai.infra.agent.AiAgent} runs a persona, tools and
 * a task as Spring AI's tool loop and returns an {@link ai.infra.agent.AgentResult}
 * whose totals are the ones on its {@code agent.run} span.
 */
@NullMarked
package ai.infra.agent;

import org.jspecify.annotations.NullMarked;
