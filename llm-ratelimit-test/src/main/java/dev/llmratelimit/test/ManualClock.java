package dev.llmratelimit.test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A clock that moves only when a test says so: minutes of simulated traffic take
 * milliseconds and always end the same way. It starts at {@value #START_NANOS} ns, which
 * stands for {@code 2026-02-25T20:00:00Z}.
 * <p>
 * {@link #sleep(Duration)} moves the clock instead of blocking, so a simulated latency is
 * deterministic for a single caller. To drive llm-ratelimit's engine, adapt it to the
 * engine's {@code TimeSource}, whose methods it already has:
 * {@code class ManualTimeSource extends ManualClock implements TimeSource {}}.
 */
public class ManualClock implements SimulationClock, LongSupplier {

	/** The clock's first reading, in nanoseconds. */
	public static final long START_NANOS = 1_000_000_000L;

	private static final Instant START = Instant.parse("2026-02-25T20:00:00Z");

	private final AtomicLong nanos = new AtomicLong(START_NANOS);

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	@Override
	public long getAsLong() {
		return this.nanos.get();
	}

	@Override
	public Instant now() {
		return START.plusNanos(this.nanos.get() - START_NANOS);
	}

	/**
	 * Real time equals clock time: a thread that blocks on this clock's durations blocks
	 * for as long in real time.
	 * @param nanos a duration on this clock
	 * @return the same duration
	 */
	@Override
	public long toRealNanos(long nanos) {
		return nanos;
	}

	/**
	 * Moves the clock forward instead of blocking.
	 * @param duration how far
	 */
	@Override
	public void sleep(Duration duration) {
		advance(duration);
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far, not negative
	 */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("A manual clock only moves forward, was " + duration);
		}
		this.nanos.addAndGet(duration.toNanos());
	}

	/**
	 * Moves the clock to a later reading; an earlier one leaves it where it is.
	 * @param nanoTime the target reading of {@link #nanoTime()}
	 */
	public void advanceTo(long nanoTime) {
		this.nanos.accumulateAndGet(nanoTime, Math::max);
	}

	/**
	 * Time elapsed since the clock's start.
	 * @return the elapsed time
	 */
	public Duration elapsed() {
		return Duration.ofNanos(this.nanos.get() - START_NANOS);
	}

}
