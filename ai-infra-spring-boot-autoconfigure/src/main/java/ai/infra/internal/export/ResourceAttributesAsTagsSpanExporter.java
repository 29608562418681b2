package ai.infra.internal.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Copies chosen resource attributes onto every span before handing it to an exporter
 * whose backend drops resource attributes, as Zipkin does with everything but the
 * service name.
 */
public final class ResourceAttributesAsTagsSpanExporter extends DelegatingSpanExporter {

	private final List<AttributeKey<String>> keys;

	/**
	 * Create an exporter.
	 * @param delegate the exporter spans go to
	 * @param keys the resource attributes to copy
	 */
	public ResourceAttributesAsTagsSpanExporter(SpanExporter delegate, List<AttributeKey<String>> keys) {
		super(delegate);
		this.keys = List.copyOf(keys);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		List<SpanData> tagged = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			tagged.add(withResourceTags(span));
		}
		return getDelegate().export(tagged);
	}

	private SpanData withResourceTags(SpanData span) {
		AttributesBuilder extra = null;
		for (AttributeKey<String> key : this.keys) {
			String value = span.getResource().getAttribute(key);
			if (value != null && span.getAttributes().get(key) == null) {
				extra = (extra != null) ? extra : span.getAttributes().toBuilder();
				extra.put(key, value);
			}
		}
		if (extra == null) {
			return span;
		}
		Attributes attributes = extra.build();
		return new DelegatingSpanData(span) {

			@Override
			public Attributes getAttributes() {
				return attributes;
			}

			@Override
			public int getTotalAttributeCount() {
				return attributes.size();
			}

		};
	}

}
