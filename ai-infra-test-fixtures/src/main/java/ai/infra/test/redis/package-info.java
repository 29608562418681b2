/**
 * Runs Debian's {@code redis-server} for tests on a free loopback port, and stops and
 * restarts it to simulate outages.
 */
@NullMarked
package ai.infra.test.redis;

import org.jspecify.annotations.NullMarked;
