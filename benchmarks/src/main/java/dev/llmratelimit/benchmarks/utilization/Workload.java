package dev.llmratelimit.benchmarks.utilization;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests the workers send: prompts whose sizes are spread log-uniformly between a
 * smallest and a largest token count, each one distinct (so the simulated answer lengths
 * vary), all with the same {@code max_tokens}.
 */
public final class Workload {

	private static final String FILLER = filler(4 * 20_000);

	private final long minInputTokens;

	private final long maxInputTokens;

	private final long maxTokens;

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * Creates a workload.
	 * @param minInputTokens the smallest prompt, in tokens
	 * @param maxInputTokens the largest prompt, in tokens (at most 20,000)
	 * @param maxTokens the {@code max_tokens} of every request
	 */
	public Workload(long minInputTokens, long maxInputTokens, long maxTokens) {
		if (minInputTokens < 1 || maxInputTokens < minInputTokens || maxInputTokens > 20_000) {
			throw new IllegalArgumentException("Prompt sizes must satisfy 1 <= min <= max <= 20000");
		}
		this.minInputTokens = minInputTokens;
		this.maxInputTokens = maxInputTokens;
		this.maxTokens = maxTokens;
	}

	/**
	 * The {@code max_tokens} of every request.
	 * @return the max tokens
	 */
	public long maxTokens() {
		return this.maxTokens;
	}

	/**
	 * The next prompt, drawn from a worker's own random source.
	 * @param random the worker's random source
	 * @return a prompt
	 */
	public Prompt next(SplittableRandom random) {
		double span = Math.log((double) this.maxInputTokens / this.minInputTokens);
		long tokens = Math.round(this.minInputTokens * Math.exp(span * random.nextDouble()));
		String header = "Request " + this.sequence.incrementAndGet() + ". ";
		int characters = (int) (tokens * 4);
		String text = header + FILLER.substring(0, Math.max(0, characters - header.length()));
		return new Prompt(text, this.maxTokens);
	}

	private static String filler(int length) {
		String phrase = "Summarize the following support ticket and suggest a next step for the agent. ";
		StringBuilder text = new StringBuilder(length);
		while (text.length() < length) {
			text.append(phrase);
		}
		return text.substring(0, length);
	}

}
