package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetListener;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.Claimant;
import dev.llmratelimit.core.internal.LocalBudget;
import dev.llmratelimit.core.internal.Ticket;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A model's budget kept in Redis and shared by every instance that uses the same key
 * prefix: the same semantics as {@link LocalBudget}, each operation one atomic Lua script
 * over all meters of the model, timed by the Redis server's clock. Fails with Spring's
 * {@code DataAccessException} when Redis cannot be reached; {@link RedisBudgetStore} wraps
 * it with the configured failure policy. This class turns each operation into its script
 * call and the reply into the engine's answer; the arguments are laid out by
 * {@link ScriptArguments} and {@link ObservationArguments}, settlements made without
 * waiting are sent by {@link SettlementSender}, and replies are told to
 * {@link BudgetListeners}. Thread-safe: Redis runs each script atomically, and what this
 * instance holds is the listeners and the batch of settlements, each safe for concurrent
 * use.
 */
final class RedisBudget implements Budget {

	private final ModelLimits limits;

	private final Settings settings;

	private final List<String> keys;

	private final ScriptArguments arguments;

	private final BudgetListeners listeners = new BudgetListeners();

	private final AtomicLong settlements = new AtomicLong();

	/** Sends the settlements made without waiting, with the next acquisition where it can. */
	private final SettlementSender sender;

	RedisBudget(ModelLimits limits, Settings settings) {
		this.limits = limits;
		this.settings = settings;
		this.keys = RedisBudgetKeys.of(settings.keyPrefix(), limits.model());
		this.arguments = new ScriptArguments(limits, settings);
		this.sender = new SettlementSender(settings, this.keys, this.arguments, this.listeners);
	}

	/**
	 * Model whose budget this is.
	 * @return the model id
	 */
	public String model() {
		return this.limits.model();
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		return acquire(cost, maxWaitNanos, Claimant.NORMAL);
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos, Claimant claimant) {
		return acquire(cost, maxWaitNanos, newRequestId(), claimant);
	}

	/**
	 * Acquires for a call of normal priority without a key under a request id of the
	 * caller's choosing (see {@link #acquire(Cost, long, String, Claimant)}).
	 */
	Admission acquire(Cost cost, long maxWaitNanos, String requestId) {
		return acquire(cost, maxWaitNanos, requestId, Claimant.NORMAL);
	}

	/**
	 * Acquires under a request id of the caller's choosing: the same request sent again is
	 * not admitted twice, and {@link #release(String, Cost)} gives back what it holds.
	 */
	Admission acquire(Cost cost, long maxWaitNanos, String requestId, Claimant claimant) {
		ScriptReply reply = this.sender.acquire(CostCodec.encode(cost), Long.toString(Math.max(0, maxWaitNanos) / 1000),
				requestId, lane(claimant), key(claimant));
		return switch (reply.status) {
			case "G" -> Admission.granted(new Lease(reply.id, cost));
			case "Q" -> Admission.queued(new Ticket(reply.id, cost), reply.meter, ScriptReply.nanos(reply.number));
			case "R" -> Admission.rejected(reply.meter, ScriptReply.nanos(reply.number));
			default -> Admission.tooLarge(reply.meter, reply.number);
		};
	}

	@Override
	public Admission poll(Ticket ticket) {
		return poll(ticket, Claimant.NORMAL);
	}

	/**
	 * Serves the queue and reports on a ticket; a ticket Redis no longer knows joins the
	 * queue again with the priority and key of its claimant.
	 */
	Admission poll(Ticket ticket, Claimant claimant) {
		ScriptReply reply = run(this.settings.scripts().poll, ticket.id(), CostCodec.encode(ticket.cost()),
				lane(claimant), key(claimant));
		return switch (reply.status) {
			case "G" -> Admission.granted(new Lease(reply.id, ticket.cost()));
			case "Q" -> Admission.queued(ticket, reply.meter, ScriptReply.nanos(reply.number),
					reply.hasMore() ? ScriptReply.nanos((long) reply.decimal()) : Admission.UNKNOWN_WAIT);
			default -> Admission.tooLarge(reply.meter, reply.number);
		};
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		ScriptReply reply = run(this.settings.scripts().cancel, ticket.id());
		return "G".equals(reply.status) ? Optional.of(new Lease(reply.id, ticket.cost())) : Optional.empty();
	}

	/**
	 * Keeps the places of tickets whose waiters are alive for another waiter timeout, so
	 * that a waiter may sleep longer than that without losing its place.
	 * @param ticketIds the tickets
	 */
	void touch(Collection<String> ticketIds) {
		if (!ticketIds.isEmpty()) {
			run(this.settings.scripts().touch, String.join(",", ticketIds));
		}
	}

	/**
	 * Charges what a call of the fallback used beyond its reservation (negative amounts
	 * give back).
	 * @param amounts per meter, in {@link Meter} ordinal order
	 */
	void charge(double[] amounts) {
		if (!FallbackSpending.isZero(amounts)) {
			charge(amounts, 0, Duration.ZERO, Map.of(), "", null);
		}
	}

	/**
	 * Reports, once per outage, what this instance admitted while Redis could not be
	 * reached. The first of {@code instances} back also presumes for each other instance,
	 * until they report or for at most {@code presumption}; {@code instances} of 1 or
	 * less charges as {@link #charge(double[])} does.
	 * @param amounts per meter, in {@link Meter} ordinal order
	 * @param instances how many instances share the budget
	 * @param presumption how long the first instance's guess stands for the others'
	 * @param running the concurrency slots of fallback calls still running, by the id of
	 * the Redis lease that holds them from now on
	 * @param generation the generation of the budget this instance last read, empty if
	 * none: when Redis no longer holds it (restarted empty), the level Redis holds is
	 * brought down to {@code remainder}, the others presumed to have spent all theirs
	 * @param remainder per meter, what this instance can tell is left of the shared level
	 * (its share of it when the budget is shared out), in {@link Meter} ordinal order
	 */
	void reportOutage(double[] amounts, int instances, Duration presumption, Map<String, Double> running,
			String generation, double[] remainder) {
		charge(amounts, Math.max(0, instances), presumption, running, generation, remainder);
	}

	private void charge(double[] amounts, int instances, Duration presumption, Map<String, Double> running,
			String generation, double[] remainder) {
		StringBuilder leases = new StringBuilder();
		running.forEach((id, slots) -> leases.append((leases.length() > 0) ? "," : "")
			.append(id)
			.append(':')
			.append(CostCodec.number(slots)));
		run(this.settings.scripts().charge, CostCodec.join((meter) -> CostCodec.number(amounts[meter.ordinal()])),
				Integer.toString((instances > 1) ? instances : 0), Long.toString(presumption.toNanos() / 1000),
				this.settings.instanceId(), leases.toString(), generation,
				(remainder != null) ? CostCodec.join((meter) -> CostCodec.number(remainder[meter.ordinal()])) : "",
				UUID.randomUUID().toString());
	}

	@Override
	public boolean settle(Lease lease, Cost actual) {
		return settle(lease, actual, newSettlementId());
	}

	/**
	 * Settles a lease; sending the same settlement (same id) again answers {@code true}
	 * again without settling twice.
	 */
	boolean settle(Lease lease, Cost actual, String settlementId) {
		ScriptReply reply = run(this.settings.scripts().settle, lease.id(),
				CostCodec.encode(lease.cost().minus(actual)), settlementId);
		return "1".equals(reply.status);
	}

	/**
	 * Settles without waiting for Redis's answer where the connection allows it: the
	 * settlement rides with this budget's next acquisition (one script call for both), or,
	 * when none comes within the settlement delay (or the batch is full), or
	 * another operation of this budget comes first, is sent alone before it (see
	 * {@link BudgetScripts#send}). Either way it takes effect before any operation this
	 * budget sends afterwards (see {@link SettlementSender}).
	 * @return Redis's answer to come ({@code true} when the lease was held, as
	 * {@link #settle(Lease, Cost, String)} answers; exceptionally when it may not have
	 * arrived), or {@code null} when the settlement must be sent with that method
	 */
	CompletableFuture<Boolean> settleInBackground(Lease lease, Cost actual, String settlementId) {
		return this.sender.settleInBackground(lease, actual, settlementId);
	}

	/**
	 * Sends the settlements waiting for an acquisition alone, in the order they were made.
	 */
	void flushSettlements() {
		this.sender.flush();
	}

	/** Identifies one settlement, so that a repeat of it is recognised. */
	String newSettlementId() {
		return this.settings.instanceId() + "/" + this.settlements.incrementAndGet();
	}

	/**
	 * The id of the Redis lease holding the concurrency slots of a fallback call still
	 * running when Redis came back.
	 * @param fallbackLease the id of the call's fallback lease
	 * @return the id, unique among instances
	 */
	String slotLeaseId(String fallbackLease) {
		return "S" + this.settings.instanceId() + "/" + fallbackLease;
	}

	/** Identifies one acquisition, so that a repeat of it is recognised. */
	String newRequestId() {
		return this.settings.instanceId() + "/a" + this.settlements.incrementAndGet();
	}

	/**
	 * Gives back whatever an acquisition whose reply never arrived holds in Redis: its
	 * queued ticket, or its lease (refunded in full, as no call was made on it).
	 */
	void release(String requestId, Cost cost) {
		cancel(new Ticket("T" + requestId, cost)).ifPresent((lease) -> settle(lease, Cost.ZERO));
		settle(new Lease("L" + requestId, cost), Cost.ZERO);
	}

	/**
	 * Records that a call's request is leaving for the provider now, in its lease record,
	 * for every instance's observations (see {@code sent.lua}); sent without waiting for
	 * Redis's answer where the connection allows it, as a settlement is.
	 */
	@Override
	public void requestSent(Lease call) {
		flushSettlements();
		CompletableFuture<List<Object>> reply = this.settings.scripts()
			.send(this.settings.template(), this.settings.scripts().sent, this.keys, this.arguments.of(call.id()));
		if (reply == null) {
			run(this.settings.scripts().sent, call.id());
		}
	}

	@Override
	public void observe(ProviderSnapshot snapshot) {
		observe(snapshot, "");
	}

	@Override
	public void observe(ProviderSnapshot snapshot, Lease call) {
		observe(snapshot, call.id());
	}

	/**
	 * Learns from a provider response; {@code callId} names the lease of the call it
	 * answers, or is empty.
	 */
	private void observe(ProviderSnapshot snapshot, String callId) {
		run(this.settings.scripts().observe, ObservationArguments.of(snapshot, callId, this.limits));
	}

	@Override
	public BudgetState state() {
		return read().state();
	}

	/**
	 * Reads the shared state and the generation of the budget in Redis.
	 * @return what was read
	 */
	SharedRead read() {
		// a new generation must differ from every earlier one, even if this read is run late
		// (a client may send a command again once Redis is back)
		ScriptReply reply = run(this.settings.scripts().state, UUID.randomUUID().toString());
		return SharedRead.of(reply, this.limits.maxSharePerKey());
	}

	@Override
	public void addListener(BudgetListener listener) {
		this.listeners.add(listener);
	}

	/** Tells this instance's listeners that budget may have freed (a peer said so). */
	void budgetChanged() {
		this.listeners.budgetChanged();
	}

	/**
	 * Tells this instance's listeners which queued tickets a script served, so that their
	 * waiters wake wherever they stand in line (tickets are served by priority and key,
	 * not in arrival order).
	 * @param ticketIds the served tickets, of any instance
	 */
	void ticketsServed(List<String> ticketIds) {
		this.listeners.ticketsServed(ticketIds);
	}

	private ScriptReply run(BudgetScripts.Operation operation, String... operationArgs) {
		flushSettlements();
		List<Object> values = this.settings.scripts()
			.run(this.settings.template(), operation, this.keys, this.arguments.of(operationArgs));
		ScriptReply reply = new ScriptReply(values);
		this.listeners.replied(reply);
		return reply;
	}

	/** The claimant's queue lane in the scripts: 0 for the highest priority. */
	private static String lane(Claimant claimant) {
		return Integer.toString(claimant.priority().ordinal());
	}

	private static String key(Claimant claimant) {
		return (claimant.key() != null) ? claimant.key() : "";
	}

	@Override
	public String toString() {
		return "RedisBudget[" + this.keys.get(0) + "]";
	}

	/**
	 * What every Redis budget of one store shares.
	 *
	 * @param template runs the scripts
	 * @param scripts the scripts
	 * @param keyPrefix first part of every key
	 * @param channel where freed budget is announced
	 * @param instanceId identifies this store among the instances
	 * @param leaseTimeout how long an unsettled lease holds its budget
	 * @param waiterTimeout how long a queued ticket lives without being polled
	 * @param admissionMargin refill time held back at admission (see {@link LocalBudget})
	 * @param observationLag how long before an observation an admission may still be
	 * unseen by the provider (see {@link LocalBudget})
	 * @param clock time source replacing the server's clock, or {@code null}
	 * @param flusher sends the settlements no acquisition took along
	 * @param settlementDelay how long a settlement waits for an acquisition to take it
	 * along (see {@link PendingSettlements})
	 */
	record Settings(StringRedisTemplate template, BudgetScripts scripts, String keyPrefix, String channel,
			String instanceId, Duration leaseTimeout, Duration waiterTimeout, Duration admissionMargin,
			Duration observationLag, TimeSource clock, ScheduledExecutorService flusher, Duration settlementDelay) {
	}

}
