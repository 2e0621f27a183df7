package dev.llmratelimit.guard.internal;

import java.util.function.Supplier;

import dev.llmratelimit.Reservation;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation.Settlement;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs Reactor publishers inside a reservation: each subscription reserves budget (waiting
 * on a bounded-elastic thread, never on the subscriber's), then subscribes to the source,
 * reads every element, and settles exactly once on completion, error or cancellation. A
 * subscriber that cancels while the call still waits for budget gets nothing reserved.
 * The source runs with the reservation in its Reactor context, under
 * {@link ReservationContext#CONTEXT_KEY}, for the {@code WebClient} hook.
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
	public static <T> Flux<T> flux(Supplier<? extends Settlement> settlements, Publisher<T> source) {
		return Flux.defer(() -> {
			Settlement settlement = settlements.get();
			return reserve(settlement)
				.flatMapMany((reservation) -> Flux.from(source)
					.contextWrite((context) -> context.put(ReservationContext.CONTEXT_KEY, reservation)))
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
	public static <T> Mono<T> mono(Supplier<? extends Settlement> settlements, Mono<T> source) {
		return Mono.defer(() -> {
			Settlement settlement = settlements.get();
			return reserve(settlement)
				.flatMap((reservation) -> source
					.contextWrite((context) -> context.put(ReservationContext.CONTEXT_KEY, reservation)))
				.doOnNext(settlement::see)
				.doOnSuccess((result) -> settlement.complete())
				.doOnError(settlement::fail)
				.doOnCancel(settlement::cutShort);
		});
	}

	private static Mono<Reservation> reserve(Settlement settlement) {
		return Mono.fromCallable(settlement::reserve).subscribeOn(Schedulers.boundedElastic());
	}

}
