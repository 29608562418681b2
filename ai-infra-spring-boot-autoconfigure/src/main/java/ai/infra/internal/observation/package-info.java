/**
 * Not API. Plumbing that model, tool and agent instrumentation share, below all three:
 * the base observation handler (order, parent lookup, failure guard), the single walk up
 * to a call's {@code ChatClient} request, an agent run's span and account, the request
 * parameters, attribute keys, and the one way a failure is recorded on a span.
 */
@NullMarked
package ai.infra.internal.observation;

import org.jspecify.annotations.NullMarked;
