/**
 * Endpoints that fail the way real networks do, for tests of what an application does
 * when a backend cannot be reached.
 */
@NullMarked
package ai.infra.test.net;

import org.jspecify.annotations.NullMarked;
