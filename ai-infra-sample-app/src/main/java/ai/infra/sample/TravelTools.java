package ai.infra.sample;

import ai.infra.tool.AiTool;

import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * The sample agent's tools. Each call, by the model or from Java, is a tool span.
 */
@Component
public class TravelTools {

	@AiTool(description = "Current weather in a city")
	public String getWeather(@ToolParam(description = "the city") String city) {
		return "Sunny and 21 degrees in " + city;
	}

	@AiTool(description = "Search the web for a query")
	public String search(@ToolParam(description = "what to search for") String query) {
		return "Top result for " + query + ": an umbrella is always a good idea.";
	}

}
