package dev.llmratelimit.guard;

/**
 * Runs a guarded call and settles its reservation in the way its return type needs: at
 * once for a plain value, on completion for an asynchronous one. Declare a bean of this
 * type to support another return type; the first handler that supports a type wins.
 */
public interface ReturnTypeHandler {

	/**
	 * Whether this handler knows how to settle calls returning the given type.
	 * @param returnType the declared return type of the call
	 * @return {@code true} if this handler should run such calls
	 */
	boolean supports(Class<?> returnType);

	/**
	 * Runs the call and arranges for its reservation to be settled exactly once.
	 * @param invocation the call, with its reservation
	 * @return what the caller gets back
	 * @throws Throwable whatever the call threw, unchanged
	 */
	Object handle(GuardedInvocation invocation) throws Throwable;

}
