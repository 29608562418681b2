/**
 * Not API. Span export behind Boot's batch span processor: the console and Zipkin
 * exporters, outage reporting, and counting of dropped spans.
 */
@NullMarked
package ai.infra.internal.export;

import org.jspecify.annotations.NullMarked;
