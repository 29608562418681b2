/**
 * Not API. The one mapping from the provider names Spring AI reports to the OpenTelemetry
 * {@code gen_ai.provider.name} values ai-infra records, to the providers of the price
 * table, and to whether a provider runs on the user's own hardware.
 */
@NullMarked
package ai.infra.internal.provider;

import org.jspecify.annotations.NullMarked;
