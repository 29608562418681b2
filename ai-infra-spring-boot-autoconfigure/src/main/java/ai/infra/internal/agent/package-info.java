/**
 * Not API. Observation handling of {@code ChatClient} requests: a request that runs a
 * tool loop becomes an {@code agent.run} span.
 */
@NullMarked
package ai.infra.internal.agent;

import org.jspecify.annotations.NullMarked;
