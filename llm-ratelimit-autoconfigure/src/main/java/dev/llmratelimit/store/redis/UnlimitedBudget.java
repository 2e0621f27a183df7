package dev.llmratelimit.store.redis;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetListener;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.Ticket;
import dev.llmratelimit.store.redis.RedisBudgetStore.RedisFailureMode;

/**
 * Fallback budget of {@link RedisFailureMode#ALLOW}: admits every call at once, and still
 * settles each lease exactly once.
 */
final class UnlimitedBudget implements Budget {

	private final AtomicLong nextId = new AtomicLong();

	private final Set<String> leases = ConcurrentHashMap.newKeySet();

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		Lease lease = new Lease("U" + this.nextId.incrementAndGet(), cost);
		this.leases.add(lease.id());
		return Admission.granted(lease);
	}

	@Override
	public Admission poll(Ticket ticket) {
		throw new IllegalStateException("Unknown ticket " + ticket.id() + ": an unlimited budget never queues");
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		return Optional.empty();
	}

	@Override
	public boolean settle(Lease lease, Cost actual) {
		return this.leases.remove(lease.id());
	}

	@Override
	public void observe(ProviderSnapshot snapshot) {
	}

	@Override
	public BudgetState state() {
		return new BudgetState(Map.of(), this.leases.size(), 0, 0);
	}

	@Override
	public void addListener(BudgetListener listener) {
	}

}
