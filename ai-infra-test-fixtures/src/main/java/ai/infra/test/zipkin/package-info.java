/**
 * Runs the real Zipkin server jar for tests and reads back what it stored.
 */
@NullMarked
package ai.infra.test.zipkin;

import org.jspecify.annotations.NullMarked;
