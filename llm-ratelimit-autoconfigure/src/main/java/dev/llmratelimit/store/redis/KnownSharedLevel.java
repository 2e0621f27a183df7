package dev.llmratelimit.store.redis;

import java.util.function.Supplier;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.BudgetState;

/**
 * What one instance knows of a shared budget: the state it last read from Redis, when, in
 * which generation of the budget, and what Redis granted this instance since. A fallback
 * starts from it when Redis cannot be reached, and an instance back from an outage seeds
 * a Redis that lost the budget from it.
 */
final class KnownSharedLevel {

	private static final Meter[] METERS = Meter.values();

	private final TimeSource time;

	/** All Redis granted this instance, never drained: what it granted since a read is the difference. */
	private final FallbackSpending granted = new FallbackSpending();

	private volatile Read last;

	/** Whether a read found that Redis lost the budget last read, not yet reported. */
	private volatile boolean lost;

	/**
	 * Creates the knowledge of one budget, empty until the first read.
	 * @param time the clock reads are timed on
	 */
	KnownSharedLevel(TimeSource time) {
		this.time = time;
	}

	/**
	 * Counts a grant of Redis to this instance.
	 * @param cost the granted cost
	 */
	void granted(Cost cost) {
		this.granted.add(FallbackSpending.difference(cost, Cost.ZERO));
	}

	/**
	 * Reads the shared state. What Redis granted this instance is counted from before the
	 * read was sent: a grant whose reply comes in while the read is under way may be in
	 * the state already, and is then counted twice (never not at all). A read of a new
	 * generation of the budget (Redis lost the one read before: restarted empty, perhaps
	 * while the read was under way) is not kept: what was known before stands until it is
	 * reported ({@link #isLost()}).
	 * @param reader reads the state from Redis
	 * @return the state read
	 */
	BudgetState read(Supplier<SharedRead> reader) {
		double[] grantedBefore = this.granted.amounts();
		long at = this.time.nanoTime();
		SharedRead read = reader.get();
		Read previous = this.last;
		if (previous != null && !previous.generation().isEmpty() && !previous.generation().equals(read.generation())) {
			this.lost = true;
		}
		if (!this.lost) {
			this.last = new Read(read.state(), read.generation(), grantedBefore, at);
		}
		return read.state();
	}

	/**
	 * Whether a read found that Redis lost the budget read before, and that was not
	 * reported yet.
	 * @return whether the budget was lost
	 */
	boolean isLost() {
		return this.lost;
	}

	/** Redis was told what this instance knew of a lost budget: the next read is kept. */
	void lossReported() {
		this.lost = false;
		Read read = this.last;
		if (read != null) {
			this.last = new Read(read.state(), "", read.grantedBefore(), read.at());
		}
	}

	/**
	 * The generation of the budget hash last read, empty before the first read.
	 * @return the generation
	 */
	String generation() {
		Read read = this.last;
		return (read != null) ? read.generation() : "";
	}

	/**
	 * The shared budget as this instance can tell it now, or {@code null} before the first read.
	 * @return the estimate
	 */
	Estimate estimate() {
		Read read = this.last;
		if (read == null) {
			return null;
		}
		double[] levels = new double[METERS.length];
		read.state().meters().forEach((meter, state) -> levels[meter.ordinal()] = state.available());
		double[] grantedSince = this.granted.amounts();
		for (int i = 0; i < grantedSince.length; i++) {
			grantedSince[i] -= read.grantedBefore()[i];
		}
		return new Estimate(read.state(), levels, grantedSince);
	}

	/**
	 * The shared budget as an instance can tell it.
	 *
	 * @param state the state last read (limits and their sources)
	 * @param levels per meter in {@link Meter} ordinal order, the level last read: not
	 * with the refill since, which the other instances may have spent (under steady load
	 * they do, and this instance cannot see their grants)
	 * @param grantedSince per meter, what Redis granted this instance since the read
	 */
	record Estimate(BudgetState state, double[] levels, double[] grantedSince) {

		/**
		 * What this instance can tell is left of the shared level: all of it, less its own
		 * grants since the read and what it spent on its own.
		 * @param spent per meter, what this instance spent on its own since
		 * @return per meter, in {@link Meter} ordinal order
		 */
		double[] remainder(double[] spent) {
			double[] remainder = new double[METERS.length];
			for (int i = 0; i < remainder.length; i++) {
				remainder[i] = Math.max(0, this.levels[i] - this.grantedSince[i] - spent[i]);
			}
			return remainder;
		}

	}

	private record Read(BudgetState state, String generation, double[] grantedBefore, long at) {
	}

}
