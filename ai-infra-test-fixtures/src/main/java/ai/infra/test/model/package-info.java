/**
 * The plumbing the provider fake model servers share: an HTTP server on
 * {@code 127.0.0.1} that answers with scripted responses and records every request,
 * whatever wire protocol the provider speaks on top of it.
 */
@NullMarked
package ai.infra.test.model;

import org.jspecify.annotations.NullMarked;
