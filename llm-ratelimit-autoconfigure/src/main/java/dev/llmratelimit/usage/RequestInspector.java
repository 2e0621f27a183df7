package dev.llmratelimit.usage;

import java.util.Optional;

/**
 * Reads what an argument of a rate-limited method tells about the LLM request: model,
 * max tokens and input. Implement it for your own request types and declare it as a bean.
 */
@FunctionalInterface
public interface RequestInspector {

	/**
	 * Inspects one argument.
	 * @param argument a method argument, possibly {@code null}
	 * @return what the argument tells, or empty when this inspector does not know its type
	 */
	Optional<LlmRequestInfo> inspect(Object argument);

	/**
	 * Rebuilds a request this inspector knows so that it names another model, for calls
	 * routed to a fallback model.
	 * @param argument a method argument, possibly {@code null}
	 * @param model the model the request should name
	 * @return the rebuilt request, or empty when this inspector cannot rebuild the argument
	 */
	default Optional<Object> withModel(Object argument, String model) {
		return Optional.empty();
	}

}
