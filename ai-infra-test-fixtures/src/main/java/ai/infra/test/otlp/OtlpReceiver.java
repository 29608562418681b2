package ai.infra.test.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An in-process OpenTelemetry collector that accepts OTLP trace and metric exports over
 * gRPC and over HTTP/protobuf on loopback ports and keeps every span and metric it
 * receives for assertions. Start one with {@link #start()} and close it when the test is
 * done.
 */
public final class OtlpReceiver implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private static final String TRACES_PATH = "/v1/traces";

	private static final String METRICS_PATH = "/v1/metrics";

	private static final String PROTOBUF_CONTENT_TYPE = "application/x-protobuf";

	private static final Context.Key<Map<String, String>> GRPC_HEADERS = Context.key("otlp-request-headers");

	private static final HexFormat HEX = HexFormat.of();

	private final Object monitor = new Object();

	private final List<ReceivedSpan> spans = new ArrayList<>();

	private final List<ReceivedMetric> metrics = new ArrayList<>();

	private final List<Map<String, String>> metricsRequestHeaders = new ArrayList<>();

	private final Server grpcServer;

	private final HttpServer httpServer;

	private final ExecutorService httpExecutor;

	private final boolean https;

	private OtlpReceiver(SSLContext sslContext) throws IOException {
		this.https = sslContext != null;
		InetAddress loopback = InetAddress.getByName(LOOPBACK);
		this.grpcServer = NettyServerBuilder.forAddress(new InetSocketAddress(loopback, 0))
			.addService(ServerInterceptors.intercept(new TraceService(), new HeadersInterceptor()))
			.addService(new MetricsService())
			.build()
			.start();
		this.httpExecutor = Executors.newFixedThreadPool(4, (runnable) -> {
			Thread thread = new Thread(runnable, "otlp-receiver-http");
			thread.setDaemon(true);
			return thread;
		});
		try {
			if (sslContext != null) {
				HttpsServer server = HttpsServer.create(new InetSocketAddress(loopback, 0), 0);
				server.setHttpsConfigurator(new HttpsConfigurator(sslContext));
				this.httpServer = server;
			}
			else {
				this.httpServer = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
			}
			this.httpServer.createContext(TRACES_PATH,
					(exchange) -> handleHttpExport(exchange, ExportTraceServiceRequest.parser(),
							(request, headers) -> record(request, ReceivedSpan.HTTP, headers),
							ExportTraceServiceResponse.getDefaultInstance()));
			this.httpServer.createContext(METRICS_PATH,
					(exchange) -> handleHttpExport(exchange, ExportMetricsServiceRequest.parser(),
							(request, headers) -> {
								synchronized (this.monitor) {
									this.metricsRequestHeaders.add(headers);
								}
								record(request, ReceivedSpan.HTTP);
							}, ExportMetricsServiceResponse.getDefaultInstance()));
			this.httpServer.setExecutor(this.httpExecutor);
			this.httpServer.start();
		}
		catch (IOException | RuntimeException ex) {
			this.httpExecutor.shutdownNow();
			this.grpcServer.shutdownNow();
			throw ex;
		}
	}

	/**
	 * Start a receiver listening on free loopback ports.
	 * @return the running receiver
	 */
	public static OtlpReceiver start() {
		return start(null);
	}

	/**
	 * Start a receiver whose HTTP listener speaks TLS with the given server context, for
	 * example one made from a self-signed certificate generated by the test; the gRPC
	 * listener stays plaintext.
	 * @param sslContext the server's TLS context, or {@code null} for plain HTTP
	 * @return the running receiver
	 */
	public static OtlpReceiver start(SSLContext sslContext) {
		try {
			return new OtlpReceiver(sslContext);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to start OTLP receiver", ex);
		}
	}

	/**
	 * Return the port of the OTLP/gRPC listener.
	 * @return the gRPC port
	 */
	public int grpcPort() {
		return this.grpcServer.getPort();
	}

	/**
	 * Return the port of the OTLP/HTTP listener.
	 * @return the HTTP port
	 */
	public int httpPort() {
		return this.httpServer.getAddress().getPort();
	}

	/**
	 * Return the endpoint to configure on an OTLP/gRPC exporter.
	 * @return the endpoint, for example {@code http://127.0.0.1:4317}
	 */
	public String grpcEndpoint() {
		return "http://" + LOOPBACK + ":" + grpcPort();
	}

	/**
	 * Return the full traces URL to configure on an OTLP/HTTP exporter, {@code https} for
 * a receiver started with a TLS context.
	 * @return the endpoint, for example {@code http://127.0.0.1:4318/v1/traces}
	 */
	public String httpEndpoint() {
		return (this.https ? "https://" : "http://") + LOOPBACK + ":" + httpPort() + TRACES_PATH;
	}

	/**
	 * Return the full metrics URL to configure on an OTLP/HTTP exporter, such as
	 * Micrometer's OTLP registry.
	 * @return the endpoint, for example {@code http://127.0.0.1:4318/v1/metrics}
	 */
	public String httpMetricsEndpoint() {
		return (this.https ? "https://" : "http://") + LOOPBACK + ":" + httpPort() + METRICS_PATH;
	}

	/**
	 * Return the spans received so far, in arrival order.
	 * @return a snapshot of the received spans
	 */
	public List<ReceivedSpan> spans() {
		synchronized (this.monitor) {
			return List.copyOf(this.spans);
		}
	}

	/**
	 * Wait until at least {@code count} spans have been received.
	 * @param count the number of spans to wait for
	 * @param timeout how long to wait
	 * @return a snapshot of all received spans, at least {@code count} of them
	 * @throws AssertionError if fewer spans arrive within the timeout
	 */
	public List<ReceivedSpan> awaitSpans(int count, Duration timeout) {
		synchronized (this.monitor) {
			awaitCondition(() -> this.spans.size() >= count, timeout);
			if (this.spans.size() < count) {
				throw new AssertionError("Expected at least " + count + " span(s) within " + timeout + " but received "
						+ this.spans.size() + ": " + describe(this.spans));
			}
			return List.copyOf(this.spans);
		}
	}

	/**
	 * Wait until a span with the given name has been received.
	 * @param name the span name
	 * @param timeout how long to wait
	 * @return the first received span with that name
	 * @throws AssertionError if no such span arrives within the timeout
	 */
	public ReceivedSpan awaitSpan(String name, Duration timeout) {
		synchronized (this.monitor) {
			awaitCondition(() -> findSpan(name) != null, timeout);
			ReceivedSpan span = findSpan(name);
			if (span == null) {
				throw new AssertionError("Expected a span named '" + name + "' within " + timeout + " but received "
						+ this.spans.size() + ": " + describe(this.spans));
			}
			return span;
		}
	}

	/**
	 * Return the metrics received so far, in arrival order. Exporters push their metrics
	 * periodically, so the same name usually appears many times.
	 * @return a snapshot of the received metrics
	 */
	public List<ReceivedMetric> metrics() {
		synchronized (this.monitor) {
			return List.copyOf(this.metrics);
		}
	}

	/**
	 * Return the headers of every metrics export received over HTTP, in arrival order.
	 * @return one map of header names (lower case) to values per request
	 */
	public List<Map<String, String>> metricsRequestHeaders() {
		synchronized (this.monitor) {
			return List.copyOf(this.metricsRequestHeaders);
		}
	}

	/**
	 * Wait until a metric with the given name has been received.
	 * @param name the metric name
	 * @param timeout how long to wait
	 * @return the most recently received metric with that name
	 * @throws AssertionError if no such metric arrives within the timeout
	 */
	public ReceivedMetric awaitMetric(String name, Duration timeout) {
		return awaitMetric(name, (metric) -> true, timeout);
	}

	/**
	 * Wait until a metric with the given name that satisfies a condition has been
	 * received. The latest match wins because periodic exporters report a cumulative
	 * metric again on every interval and the newest report holds the current value.
	 * One export may also carry several metrics with the same name, for example when
	 * Micrometer meters share a name but differ in description or unit, so the condition
	 * is the place to pick the one with the expected data points.
	 * @param name the metric name
	 * @param condition the condition the metric must satisfy, evaluated on every
	 * received metric with that name until one matches
	 * @param timeout how long to wait
	 * @return the most recently received metric with that name satisfying the condition
	 * @throws AssertionError if no such metric arrives within the timeout
	 */
	public ReceivedMetric awaitMetric(String name, Predicate<ReceivedMetric> condition, Duration timeout) {
		Objects.requireNonNull(condition, "'condition' must not be null");
		synchronized (this.monitor) {
			awaitCondition(() -> findLatestMetric(name, condition) != null, timeout);
			ReceivedMetric metric = findLatestMetric(name, condition);
			if (metric == null) {
				throw new AssertionError("Expected a metric named '" + name + "' matching the condition within "
						+ timeout + " but received " + this.metrics.size() + " metric(s) named "
						+ describeMetrics(this.metrics));
			}
			return metric;
		}
	}

	/**
	 * Forget every span and metric received so far.
	 */
	public void reset() {
		synchronized (this.monitor) {
			this.spans.clear();
			this.metrics.clear();
		}
	}

	/**
	 * Stop both listeners and release their threads.
	 */
	@Override
	public void close() {
		this.httpServer.stop(0);
		this.httpExecutor.shutdownNow();
		this.grpcServer.shutdown();
		try {
			if (!this.grpcServer.awaitTermination(5, TimeUnit.SECONDS)) {
				this.grpcServer.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.grpcServer.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	private void awaitCondition(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (!condition.getAsBoolean()) {
				long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (remainingMillis <= 0) {
					return;
				}
				this.monitor.wait(remainingMillis);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for OTLP exports", ex);
		}
	}

	private ReceivedSpan findSpan(String name) {
		for (ReceivedSpan span : this.spans) {
			if (span.name().equals(name)) {
				return span;
			}
		}
		return null;
	}

	private ReceivedMetric findLatestMetric(String name, Predicate<ReceivedMetric> condition) {
		for (int i = this.metrics.size() - 1; i >= 0; i--) {
			ReceivedMetric metric = this.metrics.get(i);
			if (metric.name().equals(name) && condition.test(metric)) {
				return metric;
			}
		}
		return null;
	}

	private static String describeMetrics(List<ReceivedMetric> metrics) {
		// Periodic exports repeat every name, so list each one once to keep the message
		// readable
		Set<String> names = new LinkedHashSet<>();
		for (ReceivedMetric metric : metrics) {
			names.add(metric.name() + " (" + metric.type() + ", " + metric.transport() + ")");
		}
		return names.stream().collect(Collectors.joining(", ", "[", "]"));
	}

	private static String describe(List<ReceivedSpan> spans) {
		return spans.stream()
			.map((span) -> span.name() + " (" + span.transport() + ")")
			.collect(Collectors.joining(", ", "[", "]"));
	}

	private void record(ExportTraceServiceRequest request, String transport, Map<String, String> headers) {
		List<ReceivedSpan> received = new ArrayList<>();
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			Map<String, Object> resourceAttributes = toMap(resourceSpans.getResource().getAttributesList());
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				String scopeName = scopeSpans.getScope().getName();
				for (Span span : scopeSpans.getSpansList()) {
					received.add(toReceivedSpan(span, resourceAttributes, scopeName, transport, headers));
				}
			}
		}
		synchronized (this.monitor) {
			this.spans.addAll(received);
			this.monitor.notifyAll();
		}
	}

	private void record(ExportMetricsServiceRequest request, String transport) {
		List<ReceivedMetric> received = new ArrayList<>();
		for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
			Map<String, Object> resourceAttributes = toMap(resourceMetrics.getResource().getAttributesList());
			for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
				String scopeName = scopeMetrics.getScope().getName();
				for (Metric metric : scopeMetrics.getMetricsList()) {
					received.add(toReceivedMetric(metric, resourceAttributes, scopeName, transport));
				}
			}
		}
		synchronized (this.monitor) {
			this.metrics.addAll(received);
			this.monitor.notifyAll();
		}
	}

	private static ReceivedMetric toReceivedMetric(Metric metric, Map<String, Object> resourceAttributes,
			String scopeName, String transport) {
		String type;
		boolean monotonic = false;
		String temporality = "";
		List<ReceivedMetric.DataPoint> dataPoints;
		switch (metric.getDataCase()) {
			case SUM -> {
				type = ReceivedMetric.SUM;
				monotonic = metric.getSum().getIsMonotonic();
				temporality = temporality(metric.getSum().getAggregationTemporality());
				dataPoints = metric.getSum().getDataPointsList().stream().map(OtlpReceiver::toDataPoint).toList();
			}
			case GAUGE -> {
				type = ReceivedMetric.GAUGE;
				dataPoints = metric.getGauge().getDataPointsList().stream().map(OtlpReceiver::toDataPoint).toList();
			}
			case HISTOGRAM -> {
				type = ReceivedMetric.HISTOGRAM;
				temporality = temporality(metric.getHistogram().getAggregationTemporality());
				dataPoints = metric.getHistogram()
					.getDataPointsList()
					.stream()
					.map(OtlpReceiver::toDataPoint)
					.toList();
			}
			case EXPONENTIAL_HISTOGRAM -> {
				type = ReceivedMetric.EXPONENTIAL_HISTOGRAM;
				temporality = temporality(metric.getExponentialHistogram().getAggregationTemporality());
				dataPoints = metric.getExponentialHistogram()
					.getDataPointsList()
					.stream()
					.map(OtlpReceiver::toDataPoint)
					.toList();
			}
			case SUMMARY -> {
				type = ReceivedMetric.SUMMARY;
				dataPoints = metric.getSummary().getDataPointsList().stream().map(OtlpReceiver::toDataPoint).toList();
			}
			default -> {
				type = "none";
				dataPoints = List.of();
			}
		}
		return new ReceivedMetric(metric.getName(), metric.getDescription(), metric.getUnit(), type, monotonic,
				temporality, resourceAttributes, scopeName, dataPoints, transport);
	}

	private static String temporality(AggregationTemporality temporality) {
		return withoutPrefix(temporality.name(), "AGGREGATION_TEMPORALITY_").toLowerCase(Locale.ROOT);
	}

	private static ReceivedMetric.DataPoint toDataPoint(NumberDataPoint point) {
		double value = switch (point.getValueCase()) {
			case AS_DOUBLE -> point.getAsDouble();
			case AS_INT -> point.getAsInt();
			case VALUE_NOT_SET -> Double.NaN;
		};
		return new ReceivedMetric.DataPoint(toMap(point.getAttributesList()), value, 0, List.of(), List.of());
	}

	private static ReceivedMetric.DataPoint toDataPoint(HistogramDataPoint point) {
		// sum is optional in the protocol: producers leave it out when negative values make
		// it meaningless
		double sum = point.hasSum() ? point.getSum() : Double.NaN;
		return new ReceivedMetric.DataPoint(toMap(point.getAttributesList()), sum, point.getCount(),
				point.getExplicitBoundsList(), point.getBucketCountsList());
	}

	private static ReceivedMetric.DataPoint toDataPoint(ExponentialHistogramDataPoint point) {
		double sum = point.hasSum() ? point.getSum() : Double.NaN;
		return new ReceivedMetric.DataPoint(toMap(point.getAttributesList()), sum, point.getCount(), List.of(),
				List.of());
	}

	private static ReceivedMetric.DataPoint toDataPoint(SummaryDataPoint point) {
		return new ReceivedMetric.DataPoint(toMap(point.getAttributesList()), point.getSum(), point.getCount(),
				List.of(), List.of());
	}

	private static ReceivedSpan toReceivedSpan(Span span, Map<String, Object> resourceAttributes, String scopeName,
			String transport, Map<String, String> headers) {
		List<ReceivedSpan.Event> events = span.getEventsList()
			.stream()
			.map((event) -> new ReceivedSpan.Event(event.getName(), toMap(event.getAttributesList())))
			.toList();
		return new ReceivedSpan(span.getName(), hex(span.getTraceId()), hex(span.getSpanId()),
				hex(span.getParentSpanId()), withoutPrefix(span.getKind().name(), "SPAN_KIND_"),
				withoutPrefix(span.getStatus().getCode().name(), "STATUS_CODE_"), span.getStatus().getMessage(),
				toMap(span.getAttributesList()), resourceAttributes, events, scopeName, transport, headers);
	}

	private static String hex(ByteString bytes) {
		return HEX.formatHex(bytes.toByteArray());
	}

	private static String withoutPrefix(String name, String prefix) {
		return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
	}

	private static Map<String, Object> toMap(List<KeyValue> keyValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (KeyValue keyValue : keyValues) {
			map.put(keyValue.getKey(), toValue(keyValue.getValue()));
		}
		return Collections.unmodifiableMap(map);
	}

	private static Object toValue(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> value.getBoolValue();
			case INT_VALUE -> value.getIntValue();
			case DOUBLE_VALUE -> value.getDoubleValue();
			case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::toValue).toList();
			case KVLIST_VALUE -> toMap(value.getKvlistValue().getValuesList());
			case BYTES_VALUE -> value.getBytesValue().toByteArray();
			case VALUE_NOT_SET -> null;
		};
	}

	private <T extends MessageLite> void handleHttpExport(HttpExchange exchange, Parser<T> parser,
			BiConsumer<T, Map<String, String>> recorder, MessageLite emptyResponse) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.getResponseHeaders().set("Allow", "POST");
				respond(exchange, 405);
				return;
			}
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith(PROTOBUF_CONTENT_TYPE)) {
				// OTLP/JSON would need protobuf-java-util; tests use the protobuf encoding
				respond(exchange, 415);
				return;
			}
			T request;
			try (InputStream body = decodedBody(exchange)) {
				request = parser.parseFrom(body);
			}
			catch (IOException ex) {
				// Covers both malformed protobuf and broken gzip framing
				respond(exchange, 400);
				return;
			}
			recorder.accept(request, httpHeaders(exchange));
			byte[] response = emptyResponse.toByteArray();
			exchange.getResponseHeaders().set("Content-Type", PROTOBUF_CONTENT_TYPE);
			// An empty protobuf message encodes to zero bytes, and -1 tells HttpServer there
			// is no body rather than switching to chunked encoding
			exchange.sendResponseHeaders(200, (response.length != 0) ? response.length : -1);
			if (response.length != 0) {
				exchange.getResponseBody().write(response);
			}
		}
	}

	private static InputStream decodedBody(HttpExchange exchange) throws IOException {
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
			return new GZIPInputStream(exchange.getRequestBody());
		}
		return exchange.getRequestBody();
	}

	private static void respond(HttpExchange exchange, int status) throws IOException {
		exchange.sendResponseHeaders(status, -1);
	}

	private static Map<String, String> httpHeaders(HttpExchange exchange) {
		Map<String, String> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (!values.isEmpty()) {
				headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
			}
		});
		return headers;
	}

	private final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {

		@Override
		public void export(ExportTraceServiceRequest request,
				StreamObserver<ExportTraceServiceResponse> responseObserver) {
			Map<String, String> headers = GRPC_HEADERS.get();
			record(request, ReceivedSpan.GRPC, (headers != null) ? headers : Map.of());
			responseObserver.onNext(ExportTraceServiceResponse.getDefaultInstance());
			responseObserver.onCompleted();
		}

	}

	private final class MetricsService extends MetricsServiceGrpc.MetricsServiceImplBase {

		@Override
		public void export(ExportMetricsServiceRequest request,
				StreamObserver<ExportMetricsServiceResponse> responseObserver) {
			record(request, ReceivedSpan.GRPC);
			responseObserver.onNext(ExportMetricsServiceResponse.getDefaultInstance());
			responseObserver.onCompleted();
		}

	}

	/**
	 * Makes the call's metadata visible to the service, which only sees the request
	 * message.
	 */
	private static final class HeadersInterceptor implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
				ServerCallHandler<Q, R> next) {
			Map<String, String> headers = new LinkedHashMap<>();
			for (String key : metadata.keys()) {
				if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
					String value = metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
					if (value != null) {
						headers.put(key.toLowerCase(Locale.ROOT), value);
					}
				}
			}
			Context context = Context.current().withValue(GRPC_HEADERS, Collections.unmodifiableMap(headers));
			return Contexts.interceptCall(context, call, metadata, next);
		}

	}

}
