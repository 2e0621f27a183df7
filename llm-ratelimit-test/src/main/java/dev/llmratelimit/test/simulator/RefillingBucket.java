package dev.llmratelimit.test.simulator;

/**
 * A token bucket that refills continuously at its limit per minute, up to its limit. The
 * level may go below zero when a call uses more than it reserved. Not thread safe: the
 * owning {@link ModelMeters} synchronizes.
 */
final class RefillingBucket {

	private static final double NANOS_PER_MINUTE = 60e9;

	private long limit;

	private double perNano;

	private double level;

	private double lowestLevel;

	private double consumed;

	private double neighbourConsumed;

	private long updatedAt;

	RefillingBucket(long limit, long now) {
		this.limit = limit;
		this.perNano = limit / NANOS_PER_MINUTE;
		this.level = limit;
		this.lowestLevel = limit;
		this.updatedAt = now;
	}

	void refill(long now) {
		if (now > this.updatedAt) {
			this.level = Math.min(this.limit, this.level + (now - this.updatedAt) * this.perNano);
			this.updatedAt = now;
		}
	}

	/**
	 * Changes the limit: a raise adds the difference to the level, a cut caps the level.
	 */
	void changeLimit(long newLimit) {
		this.level = (newLimit > this.limit) ? this.level + (newLimit - this.limit) : Math.min(this.level, newLimit);
		this.limit = newLimit;
		this.perNano = newLimit / NANOS_PER_MINUTE;
	}

	long limit() {
		return this.limit;
	}

	double level() {
		return this.level;
	}

	boolean fits(double cost) {
		return cost <= this.level;
	}

	boolean canEverFit(double cost) {
		return cost <= this.limit;
	}

	void take(double amount) {
		this.level -= amount;
		this.consumed += amount;
		this.lowestLevel = Math.min(this.lowestLevel, this.level);
	}

	void takeForNeighbour(double amount) {
		take(amount);
		this.neighbourConsumed += amount;
	}

	void giveBack(double amount) {
		this.level = Math.min(this.limit, this.level + amount);
		this.consumed -= amount;
	}

	long nanosUntil(double level) {
		double missing = level - this.level;
		return (missing <= 0) ? 0 : (long) Math.ceil(missing / this.perNano);
	}

	long nanosUntilFull() {
		return nanosUntil(this.limit);
	}

	MeterLevel level(SimulatedMeter meter) {
		return new MeterLevel(meter, this.limit, this.level, nanosUntilFull());
	}

	MeterStatistics statistics() {
		return new MeterStatistics(this.limit, this.consumed, this.level, this.lowestLevel, this.neighbourConsumed);
	}

}
