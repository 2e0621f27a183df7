package dev.llmratelimit.aop;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Reservation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.aspectj.lang.ProceedingJoinPoint;

/**
 * A call to an {@code @LlmRateLimited} method that got its budget, handed to a
 * {@link ReturnTypeHandler}: run it, then settle the reservation with the result or the
 * failure, and report the usage of a completed call to its call site's audit. Settling and
 * reporting never throw, so accounting cannot break the business call.
 */
public final class RateLimitedInvocation {

	private static final Log logger = LogFactory.getLog(RateLimitedInvocation.class);

	private final ProceedingJoinPoint joinPoint;

	private final Reservation reservation;

	private final Function<Object, Optional<LlmUsage>> usage;

	private final Consumer<LlmUsage> callSiteAudit;

	RateLimitedInvocation(ProceedingJoinPoint joinPoint, Reservation reservation,
			Function<Object, Optional<LlmUsage>> usage, Consumer<LlmUsage> callSiteAudit) {
		this.joinPoint = joinPoint;
		this.reservation = reservation;
		this.usage = usage;
		this.callSiteAudit = callSiteAudit;
	}

	/**
	 * Reservation held for this call.
	 * @return the reservation
	 */
	public Reservation reservation() {
		return this.reservation;
	}

	/**
	 * Runs the method.
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	public Object proceed() throws Throwable {
		return this.joinPoint.proceed();
	}

	/**
	 * Settles the reservation with the usage found in the method's result, or keeps the
	 * reservation as the call's cost when the result reports none.
	 * @param result the result (for asynchronous types, the value it completed with)
	 */
	public void complete(Object result) {
		if (this.reservation.isSettled()) {
			return;
		}
		try {
			Optional<LlmUsage> actual = this.usage.apply(result);
			if (actual.isPresent()) {
				this.reservation.complete(actual.get());
				auditCallSite(actual.get());
			}
			else {
				this.reservation.completeAsReserved();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read the usage of a call to model '" + this.reservation.model()
					+ "'; keeping its reservation as its cost", ex);
			settleAsReserved();
		}
	}

	private void auditCallSite(LlmUsage actual) {
		try {
			this.callSiteAudit.accept(actual);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not record the call site of a call to model '" + this.reservation.model() + "'", ex);
		}
	}

	/**
	 * Settles the reservation of a call that failed.
	 * @param failure what the method threw
	 */
	public void fail(Throwable failure) {
		if (this.reservation.isSettled()) {
			return;
		}
		try {
			this.reservation.fail(failure);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not settle the failed call to model '" + this.reservation.model() + "'", ex);
		}
	}

	private void settleAsReserved() {
		try {
			if (!this.reservation.isSettled()) {
				this.reservation.completeAsReserved();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not settle the call to model '" + this.reservation.model() + "'", ex);
		}
	}

}
