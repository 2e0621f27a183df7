package dev.llmratelimit.core.internal;

import java.util.Arrays;

/**
 * Means of several series of numbers over the most recent calls, in fixed memory: the
 * calls are summed in blocks of a sixteenth of the capacity, and the oldest block is
 * dropped when a new one starts, so the means cover the last {@code capacity} calls, less
 * up to one block (with a capacity of 16 or less, exactly the last {@code capacity}
 * calls). A call may leave some series without a value (a failed call has no latency).
 * Not thread-safe: guarded by its owner.
 */
final class RecentMeans {

	private static final int MAX_BLOCKS = 16;

	private final int series;

	private final int blockSize;

	/** Per block and series, the sum of the values. */
	private final double[] sums;

	/** Per block and series, how many values were added. */
	private final int[] counts;

	/** Per block, how many calls it holds. */
	private final int[] calls;

	private int current;

	/**
	 * Creates empty means.
	 * @param series how many series, numbered from 0
	 * @param capacity most calls the means cover, positive
	 */
	RecentMeans(int series, int capacity) {
		int blocks = Math.min(MAX_BLOCKS, capacity);
		this.series = series;
		this.blockSize = (capacity + blocks - 1) / blocks;
		this.sums = new double[blocks * series];
		this.counts = new int[blocks * series];
		this.calls = new int[blocks];
	}

	/** Starts the next call, dropping the oldest block when the current one is full. */
	void nextCall() {
		if (this.calls[this.current] == this.blockSize) {
			this.current = (this.current + 1) % this.calls.length;
			int from = this.current * this.series;
			Arrays.fill(this.sums, from, from + this.series, 0);
			Arrays.fill(this.counts, from, from + this.series, 0);
			this.calls[this.current] = 0;
		}
		this.calls[this.current]++;
	}

	/**
	 * Adds a value of the current call to a series.
	 * @param series the series
	 * @param value the value
	 */
	void add(int series, double value) {
		int index = this.current * this.series + series;
		this.sums[index] += value;
		this.counts[index]++;
	}

	/** Calls the means cover. */
	int calls() {
		int total = 0;
		for (int count : this.calls) {
			total += count;
		}
		return total;
	}

	/** Values of a series the means cover. */
	int count(int series) {
		int total = 0;
		for (int index = series; index < this.counts.length; index += this.series) {
			total += this.counts[index];
		}
		return total;
	}

	/** Mean of a series, 0 when it has no value. */
	double mean(int series) {
		double sum = 0;
		for (int index = series; index < this.sums.length; index += this.series) {
			sum += this.sums[index];
		}
		int count = count(series);
		return (count > 0) ? sum / count : 0;
	}

}
