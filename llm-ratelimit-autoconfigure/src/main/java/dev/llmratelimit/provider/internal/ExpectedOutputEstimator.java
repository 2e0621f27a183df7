package dev.llmratelimit.provider.internal;

/**
 * Learns how many output tokens a model's calls produce, to reserve that rather than max
 * tokens. Keeps an exponentially weighted mean and variance of observed outputs and
 * answers mean + 1.645 standard deviations (about the 95th percentile of a normal
 * distribution), bounded by the call's max tokens. Until it has seen
 * {@value #WARM_UP_OBSERVATIONS} outputs it answers max tokens. Thread-safe.
 */
final class ExpectedOutputEstimator {

	/** Outputs observed before the estimate replaces max tokens. */
	public static final int WARM_UP_OBSERVATIONS = 5;

	private static final double WEIGHT = 0.1;

	private static final double Z_95 = 1.645;

	private double mean;

	private double variance;

	private long observations;

	/**
	 * Records the output of a finished call.
	 * @param outputTokens output tokens the call produced, not negative
	 */
	public synchronized void observe(long outputTokens) {
		if (this.observations == 0) {
			this.mean = outputTokens;
		}
		else {
			double difference = outputTokens - this.mean;
			double increment = WEIGHT * difference;
			this.mean += increment;
			this.variance = (1 - WEIGHT) * (this.variance + difference * increment);
		}
		this.observations++;
	}

	/**
	 * Output tokens to reserve for a call.
	 * @param maxTokens the most the call may produce
	 * @return the expected output, between 1 and {@code maxTokens} ({@code maxTokens} while
	 * warming up)
	 */
	public synchronized long expected(long maxTokens) {
		if (this.observations < WARM_UP_OBSERVATIONS) {
			return maxTokens;
		}
		long estimate = (long) Math.ceil(this.mean + Z_95 * Math.sqrt(this.variance));
		return Math.max(Math.min(estimate, maxTokens), Math.min(1, maxTokens));
	}

}
