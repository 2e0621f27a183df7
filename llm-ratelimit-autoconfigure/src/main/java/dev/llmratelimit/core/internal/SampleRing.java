package dev.llmratelimit.core.internal;

import java.util.Arrays;

/**
 * The most recent samples, up to a fixed capacity. The storage grows with the samples, so
 * a model that sees few calls holds little. Not thread-safe: guarded by its owner.
 */
final class SampleRing {

	private static final int INITIAL_CAPACITY = 8;

	private final int capacity;

	private double[] samples;

	private int size;

	private int next;

	SampleRing(int capacity) {
		this.capacity = capacity;
		this.samples = new double[Math.min(capacity, INITIAL_CAPACITY)];
	}

	void add(double sample) {
		if (this.size == this.samples.length && this.size < this.capacity) {
			// below capacity the ring never wrapped: the samples are in order
			this.samples = Arrays.copyOf(this.samples, Math.min(this.capacity, this.size * 2));
			this.next = this.size;
		}
		this.samples[this.next] = sample;
		this.next = (this.next + 1) % this.samples.length;
		this.size = Math.min(this.size + 1, this.samples.length);
	}

	int size() {
		return this.size;
	}

	double mean() {
		if (this.size == 0) {
			return 0;
		}
		double sum = 0;
		for (int i = 0; i < this.size; i++) {
			sum += this.samples[i];
		}
		return sum / this.size;
	}

	/** The samples, sorted ascending. */
	double[] sorted() {
		double[] copy = Arrays.copyOf(this.samples, this.size);
		Arrays.sort(copy);
		return copy;
	}

	/**
	 * Nearest-rank percentile of sorted samples.
	 * @param sorted samples sorted ascending, not empty
	 * @param fraction the percentile as a fraction, for example 0.95
	 * @return the smallest sample with at least {@code fraction} of the samples at or below it
	 */
	static double percentile(double[] sorted, double fraction) {
		int rank = (int) Math.ceil(fraction * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
	}

}
