package dev.llmratelimit.core;

import java.util.Arrays;

/**
 * The most recent samples, up to a fixed capacity. Not thread-safe: guarded by
 * its owner.
 */
final class SampleRing {

	private final double[] samples;

	private int size;

	private int next;

	SampleRing(int capacity) {
		this.samples = new double[capacity];
	}

	void add(double sample) {
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
