package ai.infra.benchmarks;

import ai.infra.tool.AiTool;

import org.springframework.ai.tool.annotation.ToolParam;

/**
 * The same tool as {@link WeatherTools}, declared with ai-infra's {@code @AiTool}, whose
 * bean ai-infra proxies so that direct Java calls are traced too.
 */
public class AiWeatherTools {

	/**
	 * Return the weather in a city.
	 * @param city the city
	 * @return the weather
	 */
	@AiTool(name = ScriptedResponses.TOOL_NAME, description = "Current weather in a city")
	public String getWeather(@ToolParam(description = "the city") String city) {
		return "Sunny in " + city;
	}

}
