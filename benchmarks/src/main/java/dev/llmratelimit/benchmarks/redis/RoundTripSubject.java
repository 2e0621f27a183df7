package dev.llmratelimit.benchmarks.redis;

/**
 * A rate limiter on Redis whose per-request round trips are measured: one request's
 * admission and its settlement.
 */
interface RoundTripSubject extends AutoCloseable {

	/**
	 * Name shown in the results table.
	 * @return the name
	 */
	String name();

	/**
	 * Admits one request and settles it, waiting for every reply from Redis.
	 */
	void admitAndSettle();

	/**
	 * How the subject talked to Redis, printed under the results (for example which of
	 * its ways of calling Redis ran).
	 * @return a line, or empty
	 */
	default String calls() {
		return "";
	}

	@Override
	void close();

}
