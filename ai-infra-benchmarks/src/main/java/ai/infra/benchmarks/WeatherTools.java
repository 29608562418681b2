package ai.infra.benchmarks;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * The tool the in-process model asks for: a plain Spring AI {@code @Tool} method, so
 * Spring AI parses its JSON arguments and converts its result as for any application
 * tool.
 */
public class WeatherTools {

	/**
	 * Return the weather in a city.
	 * @param city the city
	 * @return the weather
	 */
	@Tool(name = ScriptedResponses.TOOL_NAME, description = "Current weather in a city")
	public String getWeather(@ToolParam(description = "the city") String city) {
		return "Sunny in " + city;
	}

}
