package dev.llmratelimit.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;

/**
 * Everything a {@link BudgetLimiter} keeps for one model: its budget, the room where its
 * callers wait, its provider dialect and accounting rule, and its request pacer.
 */
final class ManagedModel implements BudgetListener {

	private static final long FORGOTTEN = Long.MIN_VALUE;

	private static final VarHandle LAST_USED;

	static {
		try {
			LAST_USED = MethodHandles.lookup().findVarHandle(ManagedModel.class, "lastUsedNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ModelLimits limits;

	private final Budget budget;

	private final WaitRoom room = new WaitRoom();

	private final RequestPacer pacer;

	private final DialectRegistry dialects;

	private final Listeners listeners;

	private final InputCalibration calibration;

	private volatile ProviderDialect dialect;

	private volatile AccountingRule rule;

	private volatile boolean dialectKnown;

	/** When a call last used this model, in the limiter's time source; {@link #FORGOTTEN} once dropped. */
	private volatile long lastUsedNanos;

	ManagedModel(ModelLimits limits, Budget budget, RequestPacer pacer, DialectRegistry dialects,
			Listeners listeners, boolean calibrateInput) {
		this.limits = limits;
		this.calibration = new InputCalibration(calibrateInput);
		this.budget = budget;
		this.pacer = pacer;
		this.dialects = dialects;
		this.listeners = listeners;
		ProviderDialect configured = (limits.provider() != null) ? dialects.find(limits.provider()).orElse(null)
				: null;
		useDialect((configured != null) ? configured : dialects.fallback(), configured != null);
		budget.addListener(this);
	}

	String id() {
		return this.limits.model();
	}

	/**
	 * Whether a model id names this model: its id or one of its aliases.
	 * @param model a model id
	 * @return {@code true} when it names this model
	 */
	boolean answersTo(String model) {
		return id().equals(model) || limits().aliases().contains(model);
	}

	ModelLimits limits() {
		return this.limits;
	}

	Budget budget() {
		return this.budget;
	}

	WaitRoom room() {
		return this.room;
	}

	RequestPacer pacer() {
		return this.pacer;
	}

	/**
	 * Records that a call uses this model now, unless it was forgotten.
	 * @param nowNanos now, in the limiter's time source
	 * @return {@code false} when the model was forgotten and must not be used
	 */
	boolean touch(long nowNanos) {
		long last;
		do {
			last = this.lastUsedNanos;
			if (last == FORGOTTEN) {
				return false;
			}
		}
		while (!LAST_USED.compareAndSet(this, last, nowNanos));
		return true;
	}

	/**
	 * Marks this model forgotten when no call used it within the idle time and none waits:
	 * from then on {@link #touch(long)} refuses it, so that no call starts on a model its
	 * registry drops, however the two race.
	 * @param nowNanos now, in the limiter's time source
	 * @param idleNanos how long the model must have gone unused
	 * @return {@code true} when the model is now forgotten
	 */
	boolean forgetIfIdle(long nowNanos, long idleNanos) {
		long last = this.lastUsedNanos;
		return last != FORGOTTEN && nowNanos - last >= idleNanos && this.room.isEmpty()
				&& LAST_USED.compareAndSet(this, last, FORGOTTEN);
	}

	InputCalibration calibration() {
		return this.calibration;
	}

	AccountingRule rule() {
		return this.rule;
	}

	ProviderDialect dialect() {
		return this.dialect;
	}

	boolean dialectKnown() {
		return this.dialectKnown;
	}

	/**
	 * Interprets a response in this model's dialect, detecting the dialect on first sight.
	 * A detected dialect brings its header parsing and accounting rule, but not its way of
	 * refilling: the budget was built when the model was first used, so a model that is
	 * detected as Azure OpenAI keeps continuous buckets instead of Azure's sliding window.
	 * Configure {@code provider} for such models.
	 */
	ProviderSnapshot interpret(ProviderResponse response, java.time.Instant now) {
		if (!this.dialectKnown) {
			this.dialects.detect(response).ifPresent((detected) -> useDialect(detected, true));
		}
		return this.dialect.interpret(response, now);
	}

	private void useDialect(ProviderDialect dialect, boolean known) {
		this.rule = CheckedAccountingRule.of(dialect.accountingRule(this.limits));
		this.dialect = dialect;
		this.dialectKnown = known;
	}

	@Override
	public void budgetChanged() {
		this.room.signalFirst();
	}

	@Override
	public void ticketServed(Ticket ticket) {
		this.room.signal(ticket.id());
	}

	@Override
	public void leaseExpired(Lease lease) {
		this.listeners.leaseExpired(id(), lease);
	}

	@Override
	public void limitChanged(Meter meter, long previousLimit, long newLimit) {
		this.listeners.limitChanged(id(), meter, previousLimit, newLimit);
	}

}
