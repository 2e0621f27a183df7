package dev.llmratelimit.core.internal;

import java.time.Duration;

import dev.llmratelimit.Meter;

/**
 * What someone else spends of the same provider budget (another application or a
 * developer on the same key, other instances of this one), estimated per meter from the
 * gap between this budget's own bookkeeping and the provider's figures.
 * <p>
 * Rule (mirrored by every store):
 * <ol>
 * <li>At each provider figure the budget records the <em>unexplained consumption</em>
 * {@code u = level + adjusted - (likely remaining - outstanding)}: its own level, plus
 * everything it removed from (or added to) the level for reasons other than its own calls
 * (caps to the provider's figures, the external consumption it already charged), minus
 * what the provider likely has left net of what this budget has admitted and the provider
 * has not counted yet. Without anyone else, {@code u} stays flat; a neighbour makes it
 * grow at the neighbour's rate.</li>
 * <li>The external rate is the least-squares slope of {@code u} over the samples of the
 * last {@value #WINDOW_SECONDS} s (one sample per 250 ms at most), once they span at
 * least {@value #MIN_SPAN_SECONDS} s; a slope under 1% of the limit per window, or under
 * three standard errors of the fit (the scatter of figures that are rounded, stale or
 * taken while calls travel), is noise and reads as zero, as does a negative one. Once
 * made, an estimate stays while the slope clears one standard error (instead of three)
 * and the noise floor, and while the samples are too few to fit (calls always travelling
 * when figures arrive), so that a neighbour seen through sparse or scattered figures is
 * not dropped, and refilled for, between two of them. The external burst is the spread
 * of the samples around that line, less the uncertainty of the figures (the width of
 * their {@link RemainingRange}: the provider's rounding step, narrowed by its reset
 * instant, so that a neighbour's lumps between figures show through Anthropic's
 * thousands), at most a quarter of the limit.</li>
 * <li>The budget leaves that room: its meter refills {@code rate * elapsed} less than the
 * provider's (never below zero on that account), and a call is admitted only if the
 * burst stays free after paying.</li>
 * <li>The estimate is forgotten when the neighbour stops (the slope flattens within the
 * window) and when the meter's limit changes (a new regime). When no figure was sampled for
 * a whole window (a budget the estimate keeps from calling gets none), the samples and the
 * rate are forgotten but the last burst stays free until the next fit replaces it, so that
 * the budget does not come back blind and spend the neighbour's room.</li>
 * </ol>
 * Not thread-safe: guarded by its budget's lock.
 */
final class ExternalConsumption {

	static final long WINDOW_SECONDS = 30;

	static final long MIN_SPAN_SECONDS = 3;

	private static final long WINDOW_NANOS = Duration.ofSeconds(WINDOW_SECONDS).toNanos();

	private static final long MIN_SPAN_NANOS = Duration.ofSeconds(MIN_SPAN_SECONDS).toNanos();

	private static final long SAMPLE_SPACING_NANOS = Duration.ofMillis(250).toNanos();

	private static final int MAX_SAMPLES = (int) (WINDOW_NANOS / SAMPLE_SPACING_NANOS) + 1;

	private static final double MAX_BURST_FRACTION = 0.25;

	private static final double NOISE_FRACTION = 0.01;

	/** Standard errors a slope must exceed to be taken for someone's spending. */
	private static final double SIGNIFICANCE = 3;

	/** Standard errors a slope must exceed to keep an estimate already made. */
	private static final double HOLDING_SIGNIFICANCE = 1;

	/** Per meter ordinal, created at the first figure: a model never called holds none. */
	private Estimate[] estimates;

	private final boolean enabled;

	/**
	 * Creates the estimates.
	 * @param enabled whether to estimate at all; when not, every rate and burst is zero
	 */
	ExternalConsumption(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Records that the level of a meter was moved for a reason other than this budget's own
	 * calls.
	 * @param meter the meter
	 * @param removed how much was taken off (negative when added)
	 */
	void adjusted(Meter meter, double removed) {
		estimate(meter).adjusted += removed;
	}

	/**
	 * Records a provider figure.
	 * @param meter the meter
	 * @param now the current time
	 * @param level the meter's level before the figure was applied
	 * @param providerLevel what the provider likely has left, net of what it has not
	 * counted yet
	 * @param uncertainty the width of the range the provider's figure leaves
	 * ({@link RemainingRange}), zero for an exact figure
	 * @param limit the meter's limit
	 */
	void observed(Meter meter, long now, double level, double providerLevel, double uncertainty, long limit) {
		if (this.enabled && meter.refills()) {
			Estimate estimate = estimate(meter);
			estimate.noiseFloor = NOISE_FRACTION * limit / meter.window().orElseThrow().toNanos();
			estimate.sample(now, level + estimate.adjusted - providerLevel, uncertainty);
		}
	}

	/**
	 * Forgets a meter's estimate, when its limit changed.
	 * @param meter the meter
	 */
	void forget(Meter meter) {
		if (this.estimates != null) {
			this.estimates[meter.ordinal()] = null;
		}
	}

	/**
	 * The estimated external rate.
	 * @param meter the meter
	 * @param now the current time
	 * @return units per nanosecond, zero when nobody else is seen
	 */
	double ratePerNano(Meter meter, long now) {
		Estimate estimate = existing(meter);
		return (estimate != null) ? estimate.rate(now) : 0;
	}

	/**
	 * The room kept free for the neighbour's bursts.
	 * @param meter the meter
	 * @param now the current time
	 * @param limit the meter's limit
	 * @return units kept free
	 */
	double burst(Meter meter, long now, long limit) {
		Estimate estimate = existing(meter);
		return (estimate != null) ? Math.min(estimate.burst(now), MAX_BURST_FRACTION * limit) : 0;
	}

	private Estimate existing(Meter meter) {
		return (this.estimates != null) ? this.estimates[meter.ordinal()] : null;
	}

	private Estimate estimate(Meter meter) {
		if (this.estimates == null) {
			this.estimates = new Estimate[Meter.values().length];
		}
		Estimate estimate = this.estimates[meter.ordinal()];
		if (estimate == null) {
			estimate = new Estimate();
			this.estimates[meter.ordinal()] = estimate;
		}
		return estimate;
	}

	/** The samples of one meter, a ring of at most one window. */
	private static final class Estimate {

		private final long[] times = new long[MAX_SAMPLES];

		private final double[] values = new double[MAX_SAMPLES];

		private int first;

		private int count;

		private double adjusted;

		private double uncertainty;

		private double noiseFloor;

		private double rate;

		private double burst;

		private boolean fresh;

		/** Whether the last fit found someone's spending. */
		private boolean established;

		void sample(long now, double unexplained, double uncertainty) {
			forgetIfStale(now);
			this.uncertainty = uncertainty;
			if (this.count > 0 && now - this.times[index(this.count - 1)] < SAMPLE_SPACING_NANOS) {
				// keep the newest figure of a burst of responses
				this.values[index(this.count - 1)] = unexplained;
			}
			else {
				if (this.count == MAX_SAMPLES) {
					this.first = index(1);
					this.count--;
				}
				this.times[index(this.count)] = now;
				this.values[index(this.count)] = unexplained;
				this.count++;
			}
			dropBefore(now - WINDOW_NANOS);
			this.fresh = false;
		}

		double rate(long now) {
			update(now);
			return this.rate;
		}

		double burst(long now) {
			update(now);
			return this.burst;
		}

		/**
		 * Forgets every sample, and the rate, when none was taken for a window; the burst
		 * stays until the next fit.
		 */
		private void forgetIfStale(long now) {
			if (this.count > 0 && now - this.times[index(this.count - 1)] > WINDOW_NANOS) {
				this.count = 0;
				this.fresh = false;
				this.established = false;
				this.rate = 0;
			}
		}

		private void update(long now) {
			forgetIfStale(now);
			if (this.fresh) {
				return;
			}
			this.fresh = true;
			if (this.count < 3 || this.times[index(this.count - 1)] - this.times[this.first] < MIN_SPAN_NANOS) {
				// too few samples to fit: an estimate made stays until a window passes without
				// one, and the burst of one forgotten so until the next fit
				return;
			}
			long origin = this.times[this.first];
			double meanT = 0;
			double meanU = 0;
			for (int i = 0; i < this.count; i++) {
				meanT += this.times[index(i)] - origin;
				meanU += this.values[index(i)];
			}
			meanT /= this.count;
			meanU /= this.count;
			double covariance = 0;
			double variance = 0;
			for (int i = 0; i < this.count; i++) {
				double dt = this.times[index(i)] - origin - meanT;
				covariance += dt * (this.values[index(i)] - meanU);
				variance += dt * dt;
			}
			double slope = (variance > 0) ? covariance / variance : 0;
			double lowest = Double.MAX_VALUE;
			double highest = -Double.MAX_VALUE;
			double squares = 0;
			for (int i = 0; i < this.count; i++) {
				double residual = this.values[index(i)] - meanU - slope * (this.times[index(i)] - origin - meanT);
				lowest = Math.min(lowest, residual);
				highest = Math.max(highest, residual);
				squares += residual * residual;
			}
			double standardError = Math.sqrt(squares / (this.count - 2) / variance);
			double significance = this.established ? HOLDING_SIGNIFICANCE : SIGNIFICANCE;
			boolean significant = slope > this.noiseFloor && slope > significance * standardError;
			this.rate = significant ? slope : 0;
			this.burst = significant ? Math.max(0, highest - lowest - this.uncertainty) : 0;
			this.established = significant;
		}

		private void dropBefore(long oldest) {
			while (this.count > 0 && this.times[this.first] - oldest < 0) {
				this.first = index(1);
				this.count--;
			}
		}

		private int index(int offset) {
			return (this.first + offset) % MAX_SAMPLES;
		}

	}

}
