package ai.infra.test.model;

import java.util.Objects;

/**
 * A function call the fake model asks for.
 *
 * @param id the call id, or {@code null} to let the server assign one in the provider's
 * own style (providers that have no call ids send none)
 * @param name the name of the function to call
 * @param arguments the function arguments as a JSON object string
 */
public record ScriptedToolCall(String id, String name, String arguments) {

	public ScriptedToolCall {
		Objects.requireNonNull(name, "'name' must not be null");
		arguments = (arguments != null) ? arguments : "{}";
	}

	/**
	 * Create a call whose id is assigned by the server.
	 * @param name the name of the function to call
	 * @param arguments the function arguments as a JSON object string
	 * @return the tool call
	 */
	public static ScriptedToolCall of(String name, String arguments) {
		return new ScriptedToolCall(null, name, arguments);
	}

	/**
	 * Create a call with a fixed id.
	 * @param id the call id
	 * @param name the name of the function to call
	 * @param arguments the function arguments as a JSON object string
	 * @return the tool call
	 */
	public static ScriptedToolCall of(String id, String name, String arguments) {
		return new ScriptedToolCall(id, name, arguments);
	}

}
