package dev.llmratelimit.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.internal.BudgetListener;

/**
 * Records what a budget tells its listeners.
 */
public final class RecordingListener implements BudgetListener {

	/** Times budget was reported as changed. */
	public final AtomicInteger changes = new AtomicInteger();

	/** Leases reported as expired. */
	public final List<Lease> expired = new CopyOnWriteArrayList<>();

	/** Limit changes, as {@code meter:previous->new}. */
	public final List<String> limitChanges = new CopyOnWriteArrayList<>();

	@Override
	public void budgetChanged() {
		this.changes.incrementAndGet();
	}

	@Override
	public void leaseExpired(Lease lease) {
		this.expired.add(lease);
	}

	@Override
	public void limitChanged(Meter meter, long previousLimit, long newLimit) {
		this.limitChanges.add(meter + ":" + previousLimit + "->" + newLimit);
	}

}
