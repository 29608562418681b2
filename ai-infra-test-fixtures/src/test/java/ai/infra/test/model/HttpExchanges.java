package ai.infra.test.model;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP calls to a fake model server, as the tests of the provider fakes make them.
 */
public final class HttpExchanges {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private HttpExchanges() {
	}

	/**
	 * Post a JSON body.
	 * @param url the full URL
	 * @param body the JSON body
	 * @param headers header names and values, alternating
	 * @return the response
	 * @throws IOException on a failure to send or receive
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static HttpResponse<String> post(String url, String body, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Parse a JSON document.
	 * @param json the text
	 * @return the node
	 */
	public static JsonNode json(String json) {
		return JSON.readTree(json);
	}

	/**
	 * Split a server-sent event stream into its events.
	 * @param body the stream body
	 * @return each event's name (or {@code null}) and data
	 */
	public static List<Event> events(String body) {
		List<Event> events = new ArrayList<>();
		for (String block : body.replace("\r\n", "\n").split("\n\n")) {
			if (block.isBlank()) {
				continue;
			}
			String name = null;
			StringBuilder data = new StringBuilder();
			for (String line : block.split("\n")) {
				if (line.startsWith("event: ")) {
					name = line.substring("event: ".length());
				}
				else if (line.startsWith("data: ")) {
					data.append(line.substring("data: ".length()));
				}
			}
			events.add(new Event(name, JSON.readTree(data.toString())));
		}
		return events;
	}

	/**
	 * One server-sent event.
	 *
	 * @param name the event name, or {@code null} if the event has none
	 * @param data the parsed data
	 */
	public record Event(String name, JsonNode data) {
	}

}
