package dev.llmratelimit.guard.internal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation.Settlement;
import dev.llmratelimit.usage.UsageExtractor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link Settlement} of the guarded-call template: one state (not reserved, reserved,
 * finished) changed atomically, so that a call settles exactly once whichever of
 * completion, failure or cancellation comes first, from any thread.
 */
public final class CallSettlement implements Settlement {

	private static final Log logger = LogFactory.getLog(CallSettlement.class);

	private static final Object FINISHED = new Object();

	/** {@code null} until reserved, then the reservation, then {@link #FINISHED}. */
	private final AtomicReference<Object> state = new AtomicReference<>();

	private final Supplier<Reservation> reserver;

	private final UsageExtractor reader;

	private final BiConsumer<Reservation, LlmUsage> completedWithUsage;

	private volatile LlmUsage usage;

	private volatile ProviderResponse rateLimits;

	/**
	 * Creates the settlement of one call.
	 * @param reserver reserves the call's budget, waiting if needed
	 * @param reader reads the usage and rate-limit data of what the call returns
	 */
	public CallSettlement(Supplier<Reservation> reserver, UsageExtractor reader) {
		this(reserver, reader, (reservation, usage) -> {
		});
	}

	/**
	 * Creates the settlement of one call that reports its usage once settled with it.
	 * @param reserver reserves the call's budget, waiting if needed
	 * @param reader reads the usage and rate-limit data of what the call returns
	 * @param completedWithUsage told of a reservation settled with the usage seen
	 */
	public CallSettlement(Supplier<Reservation> reserver, UsageExtractor reader,
			BiConsumer<Reservation, LlmUsage> completedWithUsage) {
		this.reserver = reserver;
		this.reader = reader;
		this.completedWithUsage = completedWithUsage;
	}

	@Override
	public Reservation reserve() {
		Reservation reservation = this.reserver.get();
		if (!this.state.compareAndSet(null, reservation)) {
			settleQuietly(reservation, Reservation::cancel);
		}
		return reservation;
	}

	@Override
	public void see(Object result) {
		if (result == null) {
			return;
		}
		try {
			Optional<LlmUsage> seen = this.reader.usageOf(result);
			seen.ifPresent((found) -> this.usage = combine(this.usage, found));
			this.reader.rateLimitsOf(result).ifPresent((found) -> this.rateLimits = found);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read the usage of a call; keeping its reservation as its cost", ex);
		}
	}

	@Override
	public void complete(Object result) {
		see(result);
		complete();
	}

	@Override
	public void complete() {
		finish(this::settleWithWhatWasSeen);
	}

	@Override
	public void fail(Throwable failure) {
		finish((reservation) -> {
			if (this.usage != null) {
				settleWithWhatWasSeen(reservation);
			}
			else {
				reservation.fail(failure);
			}
		});
	}

	@Override
	public void cutShort() {
		finish(this::settleWithWhatWasSeen);
	}

	private void settleWithWhatWasSeen(Reservation reservation) {
		LlmUsage seen = this.usage;
		if (seen == null) {
			reservation.completeAsReserved();
			return;
		}
		reservation.complete(seen);
		try {
			this.completedWithUsage.accept(reservation, seen);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not report the usage of a call to model '" + reservation.model() + "'", ex);
		}
	}

	private void finish(Consumer<Reservation> settlement) {
		Object previous = this.state.getAndSet(FINISHED);
		if (!(previous instanceof Reservation reservation)) {
			return;
		}
		settleQuietly(reservation, settlement);
		// after settling: the provider's remaining figures already count this call as done
		ProviderResponse seenRateLimits = this.rateLimits;
		if (seenRateLimits != null) {
			try {
				reservation.observe(seenRateLimits);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not observe the rate limits reported for model '" + reservation.model() + "'",
						ex);
			}
		}
	}

	private static void settleQuietly(Reservation reservation, Consumer<Reservation> settlement) {
		try {
			if (!reservation.isSettled()) {
				settlement.accept(reservation);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not settle the call to model '" + reservation.model() + "'", ex);
		}
	}

	private static LlmUsage combine(LlmUsage seen, LlmUsage found) {
		if (seen == null) {
			return found;
		}
		return new LlmUsage(Math.max(seen.inputTokens(), found.inputTokens()),
				Math.max(seen.outputTokens(), found.outputTokens()),
				Math.max(seen.cacheReadInputTokens(), found.cacheReadInputTokens()),
				Math.max(seen.cacheCreationInputTokens(), found.cacheCreationInputTokens()));
	}

}
