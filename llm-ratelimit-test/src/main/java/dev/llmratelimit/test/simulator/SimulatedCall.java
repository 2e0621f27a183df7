package dev.llmratelimit.test.simulator;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted request: its budget is reserved until {@link #complete()} reconciles it with
 * the actual output.
 */
public final class SimulatedCall implements Admission {

	private final String requestId;

	private final String model;

	private final long inputTokens;

	private final long maxTokens;

	private final long outputTokens;

	private final Map<String, String> headers;

	private final ModelMeters meters;

	private final SimulatedProvider provider;

	private final AtomicBoolean completed = new AtomicBoolean();

	SimulatedCall(String requestId, SimulatedRequest request, long inputTokens, long outputTokens,
			Map<String, String> headers, ModelMeters meters, SimulatedProvider provider) {
		this.requestId = requestId;
		this.model = request.model();
		this.inputTokens = inputTokens;
		this.maxTokens = request.maxTokens();
		this.outputTokens = outputTokens;
		this.headers = headers;
		this.meters = meters;
		this.provider = provider;
	}

	@Override
	public String requestId() {
		return this.requestId;
	}

	/**
	 * Headers as they were at admission.
	 * @return the rate-limit headers and request id
	 */
	@Override
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * Input tokens the provider bills for this request.
	 * @return the input tokens
	 */
	public long inputTokens() {
		return this.inputTokens;
	}

	/**
	 * Output tokens the answer will have.
	 * @return the output tokens, at most {@code max_tokens}
	 */
	public long outputTokens() {
		return this.outputTokens;
	}

	/**
	 * Finishes the call: the output meters are charged the actual output instead of what
	 * admission reserved.
	 * @return the usage and the response headers as they are after reconciliation
	 * @throws IllegalStateException if the call was already completed
	 */
	public SimulatedReply complete() {
		if (!this.completed.compareAndSet(false, true)) {
			throw new IllegalStateException("Call " + this.requestId + " was already completed");
		}
		Map<String, String> replyHeaders = this.provider.settle(this.requestId, this.meters, this.inputTokens,
				this.maxTokens, this.outputTokens);
		return new SimulatedReply(this.requestId, this.model, this.inputTokens, this.outputTokens, replyHeaders);
	}

}
