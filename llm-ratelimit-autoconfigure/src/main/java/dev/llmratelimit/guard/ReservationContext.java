package dev.llmratelimit.guard;

import java.util.Optional;

import dev.llmratelimit.Reservation;

/**
 * Holds the {@link Reservation} of the {@code @LlmRateLimited} call running on the current
 * thread, so that code deeper in the call (an HTTP client hook, for example) can feed the
 * provider's response headers to the right reservation.
 * <p>
 * A thread-local does not follow reactive pipelines from thread to thread. Handlers of
 * reactive return types put the reservation in the Reactor context under
 * {@link #CONTEXT_KEY} as well; the WebClient hook looks there first.
 */
public final class ReservationContext {

	/** Key of the reservation in a Reactor context. */
	public static final String CONTEXT_KEY = ReservationContext.class.getName();

	private static final ThreadLocal<Reservation> CURRENT = new ThreadLocal<>();

	private ReservationContext() {
	}

	/**
	 * Reservation of the rate-limited call running on this thread.
	 * @return the reservation, or empty outside a rate-limited call
	 */
	public static Optional<Reservation> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * Makes a reservation current on this thread until the returned scope is closed.
	 * @param reservation the reservation
	 * @return the scope, which restores the previous reservation when closed
	 */
	public static Scope open(Reservation reservation) {
		Reservation previous = CURRENT.get();
		CURRENT.set(reservation);
		return new Scope(previous);
	}

	/**
	 * The time during which a reservation is current; closing it restores the previous one.
	 */
	public static final class Scope implements AutoCloseable {

		private final Reservation previous;

		private Scope(Reservation previous) {
			this.previous = previous;
		}

		@Override
		public void close() {
			if (this.previous != null) {
				CURRENT.set(this.previous);
			}
			else {
				CURRENT.remove();
			}
		}

	}

}
