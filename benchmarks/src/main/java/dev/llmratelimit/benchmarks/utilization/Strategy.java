package dev.llmratelimit.benchmarks.utilization;

/**
 * One way of keeping an application's calls within the provider's limits (or not).
 * Called by many worker threads at once.
 */
public interface Strategy extends AutoCloseable {

	/**
	 * Makes one call to the provider, waiting and retrying as the strategy does.
	 * @param prompt the request
	 * @return how it ended
	 * @throws InterruptedException if interrupted while waiting
	 */
	Outcome call(Prompt prompt) throws InterruptedException;

	/**
	 * Releases threads and clients.
	 */
	@Override
	void close();

}
