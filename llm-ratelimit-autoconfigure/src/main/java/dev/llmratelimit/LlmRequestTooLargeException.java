package dev.llmratelimit;

/**
 * Thrown at once when a call costs more than a meter can ever hold, for example a request
 * of 40,000 tokens against a 30,000 tokens-per-minute limit. Waiting cannot help: the call
 * must be made smaller or the limit raised.
 */
public class LlmRequestTooLargeException extends LlmRateLimitException {

	private final double cost;

	private final long limit;

	/**
	 * Creates an exception for a call that can never fit.
	 * @param model the model id
	 * @param meter the meter whose capacity is too small
	 * @param cost what the call would cost on that meter
	 * @param limit the meter's capacity
	 */
	public LlmRequestTooLargeException(String model, Meter meter, double cost, long limit) {
		super("Request to model '" + model + "' costs " + Math.round(Math.ceil(cost)) + " on " + meter.propertyName()
				+ " but the limit is " + limit + "; it can never fit: lower max tokens or the input, or raise the limit",
				model, meter);
		this.cost = cost;
		this.limit = limit;
	}

	/**
	 * What the call would cost on the meter.
	 * @return the cost in the meter's units
	 */
	public double cost() {
		return this.cost;
	}

	/**
	 * The meter's capacity.
	 * @return the limit
	 */
	public long limit() {
		return this.limit;
	}

}
