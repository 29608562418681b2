package ai.infra.internal.export;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * One resolved destination for spans: the exporter, where it sends and, for OTLP, over
 * which transport.
 *
 * @param type the exporter
 * @param endpoint the full endpoint URL, or {@code null} for exporters that do not send
 * over the network
 * @param protocol the OTLP transport, or {@code null} for exporters that do not speak OTLP
 */
public record ExportTarget(ExporterType type, @Nullable URI endpoint, @Nullable OtlpProtocol protocol) {

}
