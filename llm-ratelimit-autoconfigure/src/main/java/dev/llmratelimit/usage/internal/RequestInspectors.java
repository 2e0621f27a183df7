package dev.llmratelimit.usage.internal;

import java.util.List;
import java.util.Optional;

import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Asks a list of {@link RequestInspector inspectors}, in order, about the arguments of a
 * call. For each argument the first inspector that knows it wins; parts missing from one
 * argument are taken from the next. An argument that is an {@link LlmRequestInfo} tells
 * what it holds.
 */
public final class RequestInspectors {

	private static final Log logger = LogFactory.getLog(RequestInspectors.class);

	private final List<RequestInspector> inspectors;

	/**
	 * Creates a composite of the given inspectors.
	 * @param inspectors the inspectors, in the order they are asked
	 */
	public RequestInspectors(List<? extends RequestInspector> inspectors) {
		this.inspectors = List.copyOf(inspectors);
	}

	/**
	 * Inspects the arguments of a call.
	 * @param arguments the method arguments
	 * @return what they tell together, {@link LlmRequestInfo#EMPTY} when nothing
	 */
	public LlmRequestInfo inspect(Object... arguments) {
		LlmRequestInfo result = LlmRequestInfo.EMPTY;
		for (Object argument : arguments) {
			if (argument != null) {
				result = result.orElse(inspectOne(argument));
			}
		}
		return result;
	}

	/**
	 * Rebuilds a request so that it names another model.
	 * @param argument a method argument, possibly {@code null}
	 * @param model the model the request should name
	 * @return the rebuilt request, or empty when no inspector can rebuild the argument
	 */
	public Optional<Object> withModel(Object argument, String model) {
		if (argument == null) {
			return Optional.empty();
		}
		for (RequestInspector inspector : this.inspectors) {
			try {
				Optional<Object> rebuilt = inspector.withModel(argument, model);
				if (rebuilt.isPresent()) {
					return rebuilt;
				}
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Request inspector " + inspector.getClass().getName() + " cannot rebuild "
						+ argument.getClass().getName(), ex);
			}
		}
		return Optional.empty();
	}

	private LlmRequestInfo inspectOne(Object argument) {
		if (argument instanceof LlmRequestInfo info) {
			return info;
		}
		for (RequestInspector inspector : this.inspectors) {
			try {
				Optional<LlmRequestInfo> info = inspector.inspect(argument);
				if (info.isPresent() && !info.get().isEmpty()) {
					return info.get();
				}
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Request inspector " + inspector.getClass().getName() + " failed on "
						+ argument.getClass().getName(), ex);
			}
		}
		return LlmRequestInfo.EMPTY;
	}

}
