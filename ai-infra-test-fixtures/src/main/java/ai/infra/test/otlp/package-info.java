/**
 * An OTLP receiver for tests, over gRPC and HTTP, built from the official protobuf
 * definitions.
 */
@NullMarked
package ai.infra.test.otlp;

import org.jspecify.annotations.NullMarked;
