package dev.llmratelimit.core.internal;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;

/**
 * What every meter of a local budget holds: which meter it is, its window, its limit and
 * where the limit came from. Not thread-safe: guarded by its budget's lock.
 */
abstract class AbstractLocalMeter implements LocalMeter {

	protected final Meter meter;

	/** The meter's refill window in nanoseconds, zero for the concurrency counter. */
	protected final long windowNanos;

	protected long limit;

	protected LimitSource source;

	protected AbstractLocalMeter(Meter meter, long limit, LimitSource source) {
		this.meter = meter;
		this.windowNanos = meter.window().map((window) -> window.toNanos()).orElse(0L);
		this.limit = limit;
		this.source = source;
	}

	@Override
	public Meter meter() {
		return this.meter;
	}

	@Override
	public long limit() {
		return this.limit;
	}

	@Override
	public LimitSource source() {
		return this.source;
	}

	@Override
	public void setLimit(long newLimit, LimitSource newSource) {
		this.limit = newLimit;
		this.source = newSource;
	}

}
