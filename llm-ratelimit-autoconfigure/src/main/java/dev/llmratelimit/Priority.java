package dev.llmratelimit;

/**
 * How a call ranks among the calls waiting for the same model's budget. Higher priorities
 * are served first, calls of one priority in the order they came; {@link #LOW} calls are
 * admitted only while every meter keeps the model's low-priority reserve for the others,
 * and still get through as budget refills.
 */
public enum Priority {

	/** Served before every other waiting call, such as an interactive user's. */
	HIGH,

	/** The default. */
	NORMAL,

	/** Served last and kept out of each meter's low-priority reserve, such as a batch job. */
	LOW

}
