package dev.llmratelimit.sample.offline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmratelimit.test.simulator.OutputAccounting;

/**
 * Configuration of the provider simulator the sample calls when it runs offline, bound
 * from {@code sample.simulator.*}.
 */
public class SimulatorProperties {

	/**
	 * Whether to start a simulated Anthropic Messages API on a free loopback port and send
	 * the sample's calls there instead of to sample.provider.base-url.
	 */
	private boolean enabled = true;

	/**
	 * Time each admitted request takes before it is answered.
	 */
	private Duration latency = Duration.ofMillis(200);

	/**
	 * Characters per token of the simulated tokenizer.
	 */
	private double charsPerToken = 4.0;

	/**
	 * Shortest answer, as a fraction of max_tokens.
	 */
	private double minOutputFraction = 0.05;

	/**
	 * Longest answer, as a fraction of max_tokens.
	 */
	private double maxOutputFraction = 0.30;

	/**
	 * How output tokens are charged.
	 */
	private OutputAccounting outputAccounting = OutputAccounting.RESERVE_MAX_TOKENS;

	/**
	 * Limits per model id. Models not listed are served without limits.
	 */
	private Map<String, Limits> models = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getLatency() {
		return this.latency;
	}

	public void setLatency(Duration latency) {
		this.latency = latency;
	}

	public double getCharsPerToken() {
		return this.charsPerToken;
	}

	public void setCharsPerToken(double charsPerToken) {
		this.charsPerToken = charsPerToken;
	}

	public double getMinOutputFraction() {
		return this.minOutputFraction;
	}

	public void setMinOutputFraction(double minOutputFraction) {
		this.minOutputFraction = minOutputFraction;
	}

	public double getMaxOutputFraction() {
		return this.maxOutputFraction;
	}

	public void setMaxOutputFraction(double maxOutputFraction) {
		this.maxOutputFraction = maxOutputFraction;
	}

	public OutputAccounting getOutputAccounting() {
		return this.outputAccounting;
	}

	public void setOutputAccounting(OutputAccounting outputAccounting) {
		this.outputAccounting = outputAccounting;
	}

	public Map<String, Limits> getModels() {
		return this.models;
	}

	public void setModels(Map<String, Limits> models) {
		this.models = models;
	}

	/**
	 * Limits of one simulated model; zero means not enforced.
	 */
	public static class Limits {

		/**
		 * Requests per minute.
		 */
		private long requestsPerMinute;

		/**
		 * Input tokens per minute.
		 */
		private long inputTokensPerMinute;

		/**
		 * Output tokens per minute.
		 */
		private long outputTokensPerMinute;

		/**
		 * Input and output tokens per minute together.
		 */
		private long tokensPerMinute;

		public long getRequestsPerMinute() {
			return this.requestsPerMinute;
		}

		public void setRequestsPerMinute(long requestsPerMinute) {
			this.requestsPerMinute = requestsPerMinute;
		}

		public long getInputTokensPerMinute() {
			return this.inputTokensPerMinute;
		}

		public void setInputTokensPerMinute(long inputTokensPerMinute) {
			this.inputTokensPerMinute = inputTokensPerMinute;
		}

		public long getOutputTokensPerMinute() {
			return this.outputTokensPerMinute;
		}

		public void setOutputTokensPerMinute(long outputTokensPerMinute) {
			this.outputTokensPerMinute = outputTokensPerMinute;
		}

		public long getTokensPerMinute() {
			return this.tokensPerMinute;
		}

		public void setTokensPerMinute(long tokensPerMinute) {
			this.tokensPerMinute = tokensPerMinute;
		}

	}

}
