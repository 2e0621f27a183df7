package dev.llmratelimit.core.internal;

/**
 * Self-calibration of one model's input estimates: tracks how many input tokens the
 * provider reported (as the accounting rule counts them) per token estimated at admission,
 * and scales later estimates by that ratio. The ratio follows a smoothed mean plus twice
 * the smoothed mean deviation of the samples (the way TCP estimates round-trip times), so
 * estimates err on the high side: a provider admits a call only when its own count fits,
 * and at saturation a call estimated even slightly low is refused. Samples are bounded to
 * [{@value #MIN_RATIO}, {@value #MAX_RATIO}] and estimates under
 * {@value #MIN_ESTIMATE} tokens are ignored, since fixed per-request overheads dominate
 * them. Thread-safe.
 */
final class InputCalibration {

	/** Smallest estimate that teaches the ratio anything. */
	static final long MIN_ESTIMATE = 64;

	/** Lowest ratio a sample or the result may take. */
	static final double MIN_RATIO = 0.5;

	/** Highest ratio a sample or the result may take. */
	static final double MAX_RATIO = 4.0;

	/** Weight of a new sample in the smoothed mean and deviation. */
	private static final double WEIGHT = 0.125;

	private final boolean enabled;

	private double mean = 1.0;

	private double deviation;

	private long samples;

	private volatile double ratio = 1.0;

	InputCalibration(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Scales an input estimate by the learned ratio.
	 * @param estimate the caller's estimate
	 * @return the estimate to reserve, rounded up
	 */
	long apply(long estimate) {
		double current = this.ratio;
		if (estimate <= 0 || current == 1.0) {
			return estimate;
		}
		double scaled = Math.ceil(estimate * current);
		return (scaled >= Long.MAX_VALUE) ? Long.MAX_VALUE : (long) scaled;
	}

	/**
	 * Learns from one call.
	 * @param estimate the caller's estimate, before calibration
	 * @param counted the input tokens the provider reported, as the accounting rule counts
	 * them
	 */
	synchronized void record(long estimate, long counted) {
		if (!this.enabled || estimate < MIN_ESTIMATE || counted <= 0) {
			return;
		}
		double sample = bounded((double) counted / estimate);
		if (this.samples++ == 0) {
			this.mean = sample;
			this.deviation = 0;
		}
		else {
			this.deviation += WEIGHT * (Math.abs(sample - this.mean) - this.deviation);
			this.mean += WEIGHT * (sample - this.mean);
		}
		this.ratio = bounded(this.mean + 2 * this.deviation);
	}

	/**
	 * Ratio applied to input estimates now.
	 * @return the ratio, 1 until a call taught otherwise or when calibration is off
	 */
	double ratio() {
		return this.ratio;
	}

	private static double bounded(double ratio) {
		return Math.max(MIN_RATIO, Math.min(MAX_RATIO, ratio));
	}

}
