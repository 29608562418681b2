package ai.infra.test.openai;

import java.util.Objects;

/**
 * A function tool call requested by the fake model, or found in an assistant message of
 * a recorded request.
 *
 * @param id the call id, or {@code null} to let the server assign a unique
 * {@code call_...} id when the call is sent
 * @param name the name of the function to call
 * @param arguments the function arguments as a JSON string
 */
public record FakeToolCall(String id, String name, String arguments) {

	public FakeToolCall {
		Objects.requireNonNull(name, "'name' must not be null");
		arguments = (arguments != null) ? arguments : "{}";
	}

	/**
	 * Create a call whose id is assigned by the server.
	 * @param name the name of the function to call
	 * @param arguments the function arguments as a JSON string
	 * @return the tool call
	 */
	public static FakeToolCall of(String name, String arguments) {
		return new FakeToolCall(null, name, arguments);
	}

	/**
	 * Create a call with a fixed id.
	 * @param id the call id, for example {@code call_weather}
	 * @param name the name of the function to call
	 * @param arguments the function arguments as a JSON string
	 * @return the tool call
	 */
	public static FakeToolCall of(String id, String name, String arguments) {
		return new FakeToolCall(id, name, arguments);
	}

	FakeToolCall withId(String id) {
		return new FakeToolCall(id, this.name, this.arguments);
	}

}
