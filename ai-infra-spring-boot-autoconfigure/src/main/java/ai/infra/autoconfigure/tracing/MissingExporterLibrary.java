package ai.infra.autoconfigure.tracing;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.internal.export.ExporterType;

/**
 * The failure for a selected exporter whose library is not on the class path, thrown by
 * the configurations that match only then, so that the exporter is not silently left
 * out.
 */
final class MissingExporterLibrary {

	private MissingExporterLibrary() {
	}

	static InvalidAiInfraPropertyException of(ExporterType type, String library) {
		return new InvalidAiInfraPropertyException(AiInfraTracingProperties.PREFIX + "exporter", type.id(),
				"the " + type.id() + " exporter needs " + library + " on the class path",
				AiInfraTracingProperties.PREFIX + "exporter=console");
	}

}
