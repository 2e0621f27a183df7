package dev.llmratelimit.guard;

import java.util.function.Supplier;

import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.guard.GuardedCall.CallBody;

/**
 * Runs a guarded call and settles its reservation in the way its return type needs: at
 * once for a plain value, on completion for an asynchronous one. Declare a bean of this
 * type to support another return type; the first handler that supports a type wins.
 */
public interface ReturnTypeHandler {

	/**
	 * Whether this handler knows how to settle calls returning the given type.
	 * @param returnType the declared return type of the call
	 * @return {@code true} if this handler should run such calls
	 */
	boolean supports(Class<?> returnType);

	/**
	 * Runs the call and arranges for its reservation to be settled exactly once.
	 * @param invocation the call, with its reservation
	 * @return what the caller gets back
	 * @throws Throwable whatever the call threw, unchanged
	 */
	Object handle(GuardedInvocation invocation) throws Throwable;

	/**
	 * One guarded call, handed to a {@link ReturnTypeHandler}: the handler reserves budget
	 * through a {@link Settlement} when the call really starts (when it is made, or when
	 * its result is subscribed to), runs the body, and settles the reservation when the call is
	 * over.
	 */
	final class GuardedInvocation {

		private final ReservationRequest request;

		private final Supplier<? extends Settlement> settlements;

		private final CallBody body;

		GuardedInvocation(ReservationRequest request, Supplier<? extends Settlement> settlements, CallBody body) {
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
		public Settlement newSettlement() {
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
		public Object proceedReserved(Settlement settlement) throws Throwable {
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

		/**
		 * The reservation of one run of a guarded call, from admission to settlement: settled
		 * exactly once, whichever of completion, failure or cancellation comes first, from any
		 * thread. What the call returns (one result, or each element of a stream) is read for
		 * its usage and the provider's rate-limit data; the call settles with what was seen.
		 * Settling never throws, so accounting cannot break the business call.
		 */
		public interface Settlement {

			/**
			 * Reserves the call's budget. A call cut short while it waited gives its reservation
			 * back at once: it never reached the provider.
			 * @return the reservation
			 * @throws dev.llmratelimit.LlmRateLimitExceededException if budget cannot be had in
			 * time
			 */
			Reservation reserve();

			/**
			 * Reads what the call returned so far: a result, or one element of a stream. Usage seen
			 * in several elements combines, each count taking its largest value, as streams report
			 * running totals.
			 * @param result the result or element, possibly {@code null}
			 */
			void see(Object result);

			/**
			 * Settles a call that returned: with the usage seen, else as reserved.
			 * @param result the result, read before settling
			 */
			void complete(Object result);

			/**
			 * Settles a call (or stream) that ended normally: with the usage seen, else as
			 * reserved.
			 */
			void complete();

			/**
			 * Settles a call that failed. A stream that failed after reporting its usage settles
			 * with that usage.
			 * @param failure what the call threw
			 */
			void fail(Throwable failure);

			/**
			 * Settles a call its caller gave up on (a cancelled subscription or future): with the
			 * usage seen, else as reserved, as the provider may have done the work.
			 */
			void cutShort();

		}

	}

}
