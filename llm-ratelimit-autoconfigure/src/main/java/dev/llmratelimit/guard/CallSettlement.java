package dev.llmratelimit.guard;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.usage.UsageExtractor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The reservation of one LLM call, from admission to settlement: settled exactly once,
 * whichever of completion, failure or cancellation comes first, from any thread. What the
 * call returns (one result, or each element of a stream) is read for its usage and the
 * provider's rate-limit data; the call settles with what was seen. Settling never throws,
 * so accounting cannot break the business call.
 */
public final class CallSettlement {

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
	CallSettlement(Supplier<Reservation> reserver, UsageExtractor reader,
			BiConsumer<Reservation, LlmUsage> completedWithUsage) {
		this.reserver = reserver;
		this.reader = reader;
		this.completedWithUsage = completedWithUsage;
	}

	/**
	 * Reserves the call's budget. A call cut short while it waited gives its reservation
	 * back at once: it never reached the provider.
	 * @return the reservation
	 * @throws dev.llmratelimit.LlmRateLimitExceededException if budget cannot be had in
	 * time
	 */
	public Reservation reserve() {
		Reservation reservation = this.reserver.get();
		if (!this.state.compareAndSet(null, reservation)) {
			settleQuietly(reservation, Reservation::cancel);
		}
		return reservation;
	}

	/**
	 * Reads what the call returned so far: a result, or one element of a stream. Usage seen
	 * in several elements combines, each count taking its largest value, as streams report
	 * running totals.
	 * @param result the result or element, possibly {@code null}
	 */
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

	/**
	 * Settles a call that returned: with the usage seen, else as reserved.
	 * @param result the result, read before settling
	 */
	public void complete(Object result) {
		see(result);
		complete();
	}

	/**
	 * Settles a call (or stream) that ended normally: with the usage seen, else as
	 * reserved.
	 */
	public void complete() {
		finish(this::settleWithWhatWasSeen);
	}

	/**
	 * Settles a call that failed. A stream that failed after reporting its usage settles
	 * with that usage.
	 * @param failure what the call threw
	 */
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

	/**
	 * Settles a call its caller gave up on (a cancelled subscription or future): with the
	 * usage seen, else as reserved, as the provider may have done the work.
	 */
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
