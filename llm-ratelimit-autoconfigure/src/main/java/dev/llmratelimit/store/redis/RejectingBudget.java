package dev.llmratelimit.store.redis;

import java.util.Map;
import java.util.Optional;

import dev.llmratelimit.LlmRateLimitStoreUnavailableException;
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
 * Fallback budget of {@link RedisFailureMode#REJECT}: refuses every call with
 * {@link LlmRateLimitStoreUnavailableException}.
 */
final class RejectingBudget implements Budget {

	private final String model;

	private final RedisAvailability availability;

	RejectingBudget(String model, RedisAvailability availability) {
		this.model = model;
		this.availability = availability;
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		throw new LlmRateLimitStoreUnavailableException(this.model, RedisBudgetStore.NAME,
				this.availability.lastFailure());
	}

	@Override
	public Admission poll(Ticket ticket) {
		return acquire(ticket.cost(), 0);
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		return Optional.empty();
	}

	@Override
	public boolean settle(Lease lease, Cost actual) {
		return false;
	}

	@Override
	public void observe(ProviderSnapshot snapshot) {
	}

	@Override
	public BudgetState state() {
		return new BudgetState(Map.of(), 0, 0, 0);
	}

	@Override
	public void addListener(BudgetListener listener) {
	}

}
