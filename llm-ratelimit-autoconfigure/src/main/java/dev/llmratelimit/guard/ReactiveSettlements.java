package dev.llmratelimit.guard;

import java.util.function.Function;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import dev.llmratelimit.Reservation;

/**
 * Runs Reactor publishers inside a reservation: each subscription reserves budget (waiting
 * on a bounded-elastic thread, never on the subscriber's), then subscribes to the source,
 * reads every element, and settles exactly once on completion, error or cancellation. A
 * subscriber that cancels while the call still waits for budget gets nothing reserved.
 * The call runs with its reservation in the Reactor context (under
 * {@link ReservationContext#CONTEXT_KEY}), so that a {@code WebClient} it makes reports
 * the response headers, streamed ones included, to that reservation.
 */
public final class ReactiveSettlements {

	private ReactiveSettlements() {
	}

	/**
	 * Rate limits a stream: usage in any element (typically the last) settles it; a
	 * stream cut short settles with the usage seen, or as reserved.
	 * @param <T> the element type
	 * @param settlements a new settlement per subscription
	 * @param source the stream of the call
	 * @return the rate-limited stream
	 */
	public static <T> Flux<T> flux(Supplier<CallSettlement> settlements, Publisher<T> source) {
		return Flux.defer(() -> {
			CallSettlement settlement = settlements.get();
			return reserve(settlement)
				.flatMapMany((reservation) -> Flux.from(source).contextWrite(with(reservation)))
				.doOnNext(settlement::see)
				.doOnComplete(settlement::complete)
				.doOnError(settlement::fail)
				.doOnCancel(settlement::cutShort);
		});
	}

	/**
	 * Rate limits a single result.
	 * @param <T> the result type
	 * @param settlements a new settlement per subscription
	 * @param source the result of the call
	 * @return the rate-limited result
	 */
	public static <T> Mono<T> mono(Supplier<CallSettlement> settlements, Mono<T> source) {
		return Mono.defer(() -> {
			CallSettlement settlement = settlements.get();
			return reserve(settlement)
				.flatMap((reservation) -> source.contextWrite(with(reservation)))
				.doOnNext(settlement::see)
				.doOnSuccess((result) -> settlement.complete())
				.doOnError(settlement::fail)
				.doOnCancel(settlement::cutShort);
		});
	}

	private static Mono<Reservation> reserve(CallSettlement settlement) {
		return Mono.fromCallable(settlement::reserve).subscribeOn(Schedulers.boundedElastic());
	}

	/** Puts the reservation where the WebClient hook finds it, whatever thread the call runs on. */
	private static Function<Context, Context> with(Reservation reservation) {
		return (context) -> context.put(ReservationContext.CONTEXT_KEY, reservation);
	}

}
