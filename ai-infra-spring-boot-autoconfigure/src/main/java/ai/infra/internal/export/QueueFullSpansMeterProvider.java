package ai.infra.internal.export;

import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

/**
 * The OpenTelemetry {@link MeterProvider} given to the SDK's {@code BatchSpanProcessor},
 * which reports spans it drops because its queue is full only through its own telemetry:
 * a {@code processedSpans} counter of the {@code io.opentelemetry.sdk.trace} meter,
 * incremented with {@code dropped=true} for every span that found the queue full (and
 * with {@code dropped=false} for exported ones). This provider passes on exactly those
 * dropped spans; every other instrument of every meter is a no-op.
 */
public final class QueueFullSpansMeterProvider implements MeterProvider {

	static final String PROCESSOR_METER = "io.opentelemetry.sdk.trace";

	static final String PROCESSED_SPANS = "processedSpans";

	static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private static final MeterProvider NOOP = MeterProvider.noop();

	private final DroppedSpans droppedSpans;

	/**
	 * Create a provider.
	 * @param droppedSpans told the number of spans dropped because the queue was full
	 */
	public QueueFullSpansMeterProvider(DroppedSpans droppedSpans) {
		this.droppedSpans = droppedSpans;
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		MeterBuilder noop = NOOP.meterBuilder(instrumentationScopeName);
		return PROCESSOR_METER.equals(instrumentationScopeName) ? new ProcessorMeterBuilder(noop) : noop;
	}

	private final class ProcessorMeterBuilder implements MeterBuilder {

		private final MeterBuilder noop;

		ProcessorMeterBuilder(MeterBuilder noop) {
			this.noop = noop;
		}

		@Override
		public MeterBuilder setSchemaUrl(String schemaUrl) {
			return this;
		}

		@Override
		public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
			return this;
		}

		@Override
		public Meter build() {
			return new ProcessorMeter(this.noop.build());
		}

	}

	private final class ProcessorMeter implements Meter {

		private final Meter noop;

		ProcessorMeter(Meter noop) {
			this.noop = noop;
		}

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			LongCounterBuilder noopBuilder = this.noop.counterBuilder(name);
			return PROCESSED_SPANS.equals(name) ? new ProcessedSpansBuilder(noopBuilder) : noopBuilder;
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return this.noop.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return this.noop.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return this.noop.gaugeBuilder(name);
		}

	}

	private final class ProcessedSpansBuilder implements LongCounterBuilder {

		private final LongCounterBuilder noop;

		ProcessedSpansBuilder(LongCounterBuilder noop) {
			this.noop = noop;
		}

		@Override
		public LongCounterBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return this.noop.ofDoubles();
		}

		@Override
		public LongCounter build() {
			return new ProcessedSpans();
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return this.noop.buildWithCallback(callback);
		}

	}

	private final class ProcessedSpans implements LongCounter {

		@Override
		public void add(long value) {
		}

		@Override
		public void add(long value, Attributes attributes) {
			if (Boolean.TRUE.equals(attributes.get(DROPPED))) {
				QueueFullSpansMeterProvider.this.droppedSpans.queueFull(value);
			}
		}

		@Override
		public void add(long value, Attributes attributes, Context context) {
			add(value, attributes);
		}

	}

}
