package dev.llmratelimit.guard;

/**
 * The work a guarded call does once its budget is reserved: the call to the provider, given
 * the model it was reserved on.
 */
@FunctionalInterface
public interface CallBody {

	/**
	 * Makes the call.
	 * @param model the model the budget was reserved on, which the call should use
	 * @return what the call returns
	 * @throws Throwable whatever the call throws, passed on unchanged
	 */
	Object run(String model) throws Throwable;

}
