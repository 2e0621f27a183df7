package dev.llmratelimit;

/**
 * Base of the exceptions thrown when a call to a model cannot be admitted.
 */
public abstract class LlmRateLimitException extends RuntimeException {

	private final String model;

	private final Meter meter;

	protected LlmRateLimitException(String message, String model, Meter meter) {
		super(message);
		this.model = model;
		this.meter = meter;
	}

	/**
	 * Model whose budget refused the call.
	 * @return the model id
	 */
	public String model() {
		return this.model;
	}

	/**
	 * Meter that refused the call, {@code null} when no single meter is to blame (for
	 * example a provider cooldown that named no meter).
	 * @return the binding meter or {@code null}
	 */
	public Meter meter() {
		return this.meter;
	}

}
