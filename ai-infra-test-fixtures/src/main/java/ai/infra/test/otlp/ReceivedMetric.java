package ai.infra.test.otlp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A metric as it arrived at an {@link OtlpReceiver}, decoded from the OTLP protobuf
 * message into plain Java values so that tests need no protobuf types to assert on it.
 * Every export produces new instances: exporters push the same metric again on each
 * interval, so a test usually wants the latest one, see
 * {@link OtlpReceiver#awaitMetric(String, java.util.function.Predicate, java.time.Duration)}.
 *
 * @param name the metric name exactly as exported
 * @param description the metric description, empty when none was set
 * @param unit the metric unit, empty when none was set
 * @param type the kind of data: {@link #SUM}, {@link #GAUGE}, {@link #HISTOGRAM},
 * {@link #EXPONENTIAL_HISTOGRAM}, {@link #SUMMARY} or {@code "none"} when the metric
 * carried no data
 * @param monotonic whether a {@link #SUM} only ever increases (a counter); always
 * {@code false} for other types
 * @param temporality the aggregation temporality of a sum or histogram:
 * {@code "cumulative"}, {@code "delta"} or {@code "unspecified"}; empty for gauges and
 * summaries, which have none
 * @param resourceAttributes the attributes of the resource that produced the metric,
 * typed like {@link ReceivedSpan#attributes()}
 * @param scopeName the name of the instrumentation scope (meter) that produced the
 * metric
 * @param dataPoints the data points in the order they were exported
 * @param transport how the metric arrived, {@link ReceivedSpan#GRPC} or
 * {@link ReceivedSpan#HTTP}
 */
public record ReceivedMetric(String name, String description, String unit, String type, boolean monotonic,
		String temporality, Map<String, Object> resourceAttributes, String scopeName, List<DataPoint> dataPoints,
		String transport) {

	/**
	 * Type of a metric whose data is a sum, such as a counter.
	 */
	public static final String SUM = "sum";

	/**
	 * Type of a metric whose data is a gauge.
	 */
	public static final String GAUGE = "gauge";

	/**
	 * Type of a metric whose data is a histogram with explicit bucket bounds.
	 */
	public static final String HISTOGRAM = "histogram";

	/**
	 * Type of a metric whose data is a base-2 exponential histogram.
	 */
	public static final String EXPONENTIAL_HISTOGRAM = "exponential_histogram";

	/**
	 * Type of a metric whose data is a summary (count, sum and quantiles).
	 */
	public static final String SUMMARY = "summary";

	public ReceivedMetric {
		// Attribute values may legitimately be absent (an empty AnyValue), which rules out
		// Map.copyOf.
		resourceAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(resourceAttributes));
		dataPoints = List.copyOf(dataPoints);
	}

	/**
	 * Return the {@code service.name} resource attribute.
	 * @return the service name or {@code null} if the resource has none
	 */
	public String serviceName() {
		Object serviceName = this.resourceAttributes.get("service.name");
		return (serviceName != null) ? serviceName.toString() : null;
	}

	/**
	 * Return the first data point whose attributes include all the given entries.
	 * @param attributes the attributes to look for, typed like the received ones (for
	 * example a {@link Long} for an integer attribute)
	 * @return the matching data point or {@code null} if there is none
	 */
	public DataPoint dataPoint(Map<String, ?> attributes) {
		for (DataPoint dataPoint : this.dataPoints) {
			if (dataPoint.hasAttributes(attributes)) {
				return dataPoint;
			}
		}
		return null;
	}

	/**
	 * One data point of a {@link ReceivedMetric}, that is the value for one combination
	 * of attributes.
	 *
	 * @param attributes the data point attributes (the meter tags), typed like
	 * {@link ReceivedSpan#attributes()}
	 * @param value the value of a sum or gauge ({@code as_int} widened to a double), or
	 * the sum of the recorded values of a histogram or summary; {@link Double#NaN} when
	 * the point carried no value
	 * @param count the number of recorded values of a histogram or summary; {@code 0}
	 * for sums and gauges
	 * @param explicitBounds the upper bounds of the buckets of an explicit histogram, in
	 * ascending order; empty for other types
	 * @param bucketCounts the count of values in each bucket of an explicit histogram,
	 * one more than there are bounds (the last bucket is unbounded); empty for other
	 * types
	 */
	public record DataPoint(Map<String, Object> attributes, double value, long count, List<Double> explicitBounds,
			List<Long> bucketCounts) {

		public DataPoint {
			attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
			explicitBounds = List.copyOf(explicitBounds);
			bucketCounts = List.copyOf(bucketCounts);
		}

		/**
		 * Return a single data point attribute.
		 * @param key the attribute key
		 * @return the attribute value or {@code null} if the point has no such attribute
		 */
		public Object attribute(String key) {
			return this.attributes.get(key);
		}

		/**
		 * Return the bucket counts of an explicit histogram keyed by their upper bound,
		 * with {@link Double#POSITIVE_INFINITY} for the last, unbounded bucket. The counts
		 * are per bucket, not cumulative.
		 * @return the bucket counts in ascending bound order, empty when the point has no
		 * buckets
		 */
		public Map<Double, Long> buckets() {
			Map<Double, Long> buckets = new LinkedHashMap<>();
			for (int i = 0; i < this.bucketCounts.size(); i++) {
				double bound = (i < this.explicitBounds.size()) ? this.explicitBounds.get(i)
						: Double.POSITIVE_INFINITY;
				buckets.put(bound, this.bucketCounts.get(i));
			}
			return Collections.unmodifiableMap(buckets);
		}

		boolean hasAttributes(Map<String, ?> expected) {
			for (Map.Entry<String, ?> entry : expected.entrySet()) {
				if (!this.attributes.containsKey(entry.getKey())
						|| !Objects.equals(this.attributes.get(entry.getKey()), entry.getValue())) {
					return false;
				}
			}
			return true;
		}

	}

}
