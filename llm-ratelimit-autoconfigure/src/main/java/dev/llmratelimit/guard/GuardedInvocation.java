package dev.llmratelimit.guard;

import java.util.function.Supplier;

import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.guard.GuardedCall.CallBody;

/**
 * One guarded call, handed to a {@link ReturnTypeHandler}: the handler reserves budget
 * through a {@link CallSettlement} when the call really starts (when it is made, or when
 * its result is subscribed to), runs the body, and settles the reservation when the call is
 * over.
 */
public final class GuardedInvocation {

	private final ReservationRequest request;

	private final Supplier<CallSettlement> settlements;

	private final CallBody body;

	GuardedInvocation(ReservationRequest request, Supplier<CallSettlement> settlements, CallBody body) {
		this.request = request;
		this.settlements = settlements;
		this.body = body;
	}

	/**
	 * What the call asks of the limiter.
	 * @return the call's reservation request
	 */
	public ReservationRequest request() {
		return this.request;
	}

	/**
	 * Starts the accounting of one run of the call; a stream subscribed to twice runs
	 * twice, each with its own settlement.
	 * @return a settlement that has not reserved yet
	 */
	public CallSettlement newSettlement() {
		return this.settlements.get();
	}

	/**
	 * Reserves the settlement's budget and runs the body on the reserved model, with the
	 * reservation current on this thread (see {@link ReservationContext}). A body that
	 * throws fails the settlement; one that returns leaves it to the caller to settle.
	 * @param settlement the settlement of this run
	 * @return what the body returned
	 * @throws Throwable what the body threw, or the limiter's refusal
	 */
	public Object proceedReserved(CallSettlement settlement) throws Throwable {
		Reservation reservation = settlement.reserve();
		try (ReservationContext.Scope scope = ReservationContext.open(reservation)) {
			// a call on its own model keeps the id it asked for (an alias, say)
			return this.body.run(reservation.isRouted() ? reservation.model() : this.request.model());
		}
		catch (Throwable ex) {
			settlement.fail(ex);
			throw ex;
		}
	}

	/**
	 * Runs the body on the model the call asks for, without reserving: for results that
	 * reserve later, when they are subscribed to.
	 * @return what the body returned
	 * @throws Throwable what the body threw
	 */
	public Object proceed() throws Throwable {
		return this.body.run(this.request.model());
	}

}
