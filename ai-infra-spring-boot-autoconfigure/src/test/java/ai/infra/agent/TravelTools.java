package ai.infra.agent;

import java.util.concurrent.atomic.AtomicReference;

import ai.infra.tool.AiTool;

import org.springframework.ai.tool.annotation.ToolParam;

/**
 * Tools of the agent tests.
 */
public class TravelTools {

	static final IllegalStateException NO_ROOMS = new IllegalStateException("No rooms left in Paris");

	private final AtomicReference<String> lastSecret = new AtomicReference<>();

	@AiTool(description = "Search the web")
	public String search(@ToolParam(description = "what to search for") String query) {
		return "Results for " + query;
	}

	@AiTool(description = "Current weather in a city")
	public String getWeather(@ToolParam(description = "the city") String city) {
		return "Sunny in " + city;
	}

	@AiTool(name = "bookHotel", description = "Book a hotel room")
	public String book(String city, String apiKey) {
		throw NO_ROOMS;
	}

	public String lastSecret() {
		return this.lastSecret.get();
	}

	@AiTool(description = "Store a secret", trace = false)
	public String storeSecret(String secret) {
		this.lastSecret.set(secret);
		return "stored";
	}

}
