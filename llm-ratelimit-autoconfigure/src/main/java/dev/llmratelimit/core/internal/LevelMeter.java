package dev.llmratelimit.core.internal;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;

/**
 * A meter whose budget is one level: calls debit it, settlements credit back what they did
 * not use (never above the limit), and the level may go below zero (debt) when calls use
 * more than they reserved. What is used stays used when the limit changes: the level moves
 * with the limit. Subclasses say how the level comes back over time. Not thread-safe:
 * guarded by its budget's lock.
 */
abstract class LevelMeter extends AbstractLocalMeter {

	protected double level;

	protected LevelMeter(Meter meter, long limit, LimitSource source) {
		super(meter, limit, source);
		this.level = limit;
	}

	@Override
	public double level() {
		return this.level;
	}

	@Override
	public void debit(double amount) {
		this.level -= amount;
	}

	@Override
	public boolean credit(double amount) {
		double before = this.level;
		this.level = Math.min(this.limit, this.level + amount);
		return this.level > before;
	}

	@Override
	public void capAt(double remaining) {
		this.level = Math.min(this.level, remaining);
	}

	@Override
	public void moveTo(double level) {
		this.level = Math.min(this.limit, level);
	}

	@Override
	public void setLimit(long newLimit, LimitSource newSource) {
		this.level = Math.min(this.level + newLimit - this.limit, newLimit);
		super.setLimit(newLimit, newSource);
	}

}
