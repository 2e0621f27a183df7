package dev.llmratelimit.guard;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation;
import dev.llmratelimit.guard.internal.CallSettlement;
import dev.llmratelimit.usage.UsageExtractor;

/**
 * One call about to run inside its reservation, from
 * {@link LlmCallTemplate#guard(ReservationRequest)}: how its results are read and whether
 * a refused call runs again are set here, then one of the run methods reserves, runs and
 * settles it. Immutable: each setting returns a copy.
 *
 * <pre>{@code
 * Reply reply = template.guard(ReservationRequest.builder("gpt-4o").maxTokens(512).build())
 *     .readingResultsWith(replyReader)
 *     .call((model) -> client.ask(model, prompt));
 * }</pre>
 */
public final class GuardedCall {

	private static final BiConsumer<Reservation, LlmUsage> NO_LISTENER = (reservation, usage) -> {
	};

	private final LlmCallTemplate template;

	private final ReservationRequest request;

	private final UsageExtractor results;

	private final BiConsumer<Reservation, LlmUsage> completedWithUsage;

	private final int maxRetries;

	GuardedCall(LlmCallTemplate template, ReservationRequest request, UsageExtractor results) {
		this(template, request, results, NO_LISTENER, 0);
	}

	private GuardedCall(LlmCallTemplate template, ReservationRequest request, UsageExtractor results,
			BiConsumer<Reservation, LlmUsage> completedWithUsage, int maxRetries) {
		this.template = template;
		this.request = request;
		this.results = results;
		this.completedWithUsage = completedWithUsage;
		this.maxRetries = maxRetries;
	}

	/**
	 * Reads the usage and rate-limit data of the call's results with the given reader
	 * instead of the template's.
	 * @param results the reader of what the call returns
	 * @return the changed copy
	 */
	public GuardedCall readingResultsWith(UsageExtractor results) {
		return new GuardedCall(this.template, this.request, results, this.completedWithUsage, this.maxRetries);
	}

	/**
	 * Tells a listener of each settlement made with the usage the call reported; what the
	 * listener throws is logged, never passed to the caller.
	 * @param listener told of the reservation and the usage it settled with
	 * @return the changed copy
	 */
	public GuardedCall onCompletedWithUsage(BiConsumer<Reservation, LlmUsage> listener) {
		return new GuardedCall(this.template, this.request, this.results, listener, this.maxRetries);
	}

	/**
	 * Runs a call again when the provider refused it with a rate limit (see
	 * {@link Reservation#isThrottled()}), up to a number of times: each attempt takes a
	 * new reservation, which waits out the provider's retry-after within the call's maximum
	 * wait. When that wait does not fit, the provider's refusal is thrown, with the
	 * limiter's exception suppressed. Only calls that fail before they return are retried;
	 * results that settle later (futures, streams) settle too late to run the call again.
	 * @param maxRetries the most times the call runs again, zero for never
	 * @return the changed copy
	 */
	public GuardedCall retryingThrottledCalls(int maxRetries) {
		if (maxRetries < 0) {
			throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
		}
		return new GuardedCall(this.template, this.request, this.results, this.completedWithUsage, maxRetries);
	}

	/**
	 * Reserves, runs a call that returns its result directly, and settles it with the
	 * usage read from the result, or with its failure.
	 * @param <T> the result type
	 * @param body the call, given the model it was reserved on
	 * @return what the call returned
	 * @throws LlmRateLimitExceededException if budget cannot be had in time
	 */
	@SuppressWarnings("unchecked")
	public <T> T call(Function<String, ? extends T> body) {
		return (T) unchecked(this.template.plainHandler(), body);
	}

	/**
	 * Reserves, runs a call that returns a {@link CompletionStage}, and settles it when the
	 * stage completes.
	 * @param <T> the result type
	 * @param body the call, given the model it was reserved on
	 * @return the call's own stage
	 * @throws LlmRateLimitExceededException if budget cannot be had in time
	 */
	@SuppressWarnings("unchecked")
	public <T> CompletionStage<T> callAsync(Function<String, ? extends CompletionStage<T>> body) {
		return (CompletionStage<T>) unchecked(this.template.handlerFor(CompletionStage.class), body);
	}

	/**
	 * Runs a call whose result is of a type a {@link ReturnTypeHandler} of the template
	 * supports, such as Reactor's {@code Mono} or {@code Flux}: {@code run(Flux.class,
	 * (model) -> client.stream(model, prompt))}.
	 * @param <R> the result type
	 * @param returnType the type the call returns, which picks the handler
	 * @param body the call
	 * @return what the handler gives back for the call's result
	 */
	public <R> R run(Class<R> returnType, Function<String, ? extends R> body) {
		return returnType.cast(unchecked(this.template.handlerFor(returnType), body));
	}

	/**
	 * Runs a call that may throw anything, as a proxy around a method does; its return type
	 * picks the {@link ReturnTypeHandler}.
	 * @param returnType the declared return type of the call
	 * @param body the call
	 * @return what the handler gives back for the call's result
	 * @throws Throwable what the call threw, or the limiter's refusal
	 */
	public Object invoke(Class<?> returnType, CallBody body) throws Throwable {
		return invoke(this.template.handlerFor(returnType), body);
	}

	private Object unchecked(ReturnTypeHandler handler, Function<String, ?> body) {
		try {
			return invoke(handler, body::apply);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new UndeclaredThrowableException(ex);
		}
	}

	private Object invoke(ReturnTypeHandler handler, CallBody body) throws Throwable {
		AtomicReference<Reservation> attempt = new AtomicReference<>();
		GuardedInvocation invocation = new GuardedInvocation(this.request,
				() -> new CallSettlement(() -> remember(attempt, this.template.reserve(this.request)), this.results,
						this.completedWithUsage),
				body);
		Throwable refusal = null;
		for (int retries = 0;; retries++) {
			attempt.set(null);
			try {
				return handler.handle(invocation);
			}
			catch (Throwable ex) {
				Reservation reservation = attempt.get();
				if (refusal != null && reservation == null && ex instanceof LlmRateLimitExceededException) {
					// the retry could not get budget in time: the caller learns of the refusal
					refusal.addSuppressed(ex);
					throw refusal;
				}
				if (retries >= this.maxRetries || reservation == null || !reservation.isThrottled()) {
					throw ex;
				}
				refusal = ex;
			}
		}
	}

	private static Reservation remember(AtomicReference<Reservation> attempt, Reservation reservation) {
		attempt.set(reservation);
		return reservation;
	}

	/**
	 * The work a guarded call does once its budget is reserved: the call to the provider, given
	 * the model it was reserved on.
	 */
	@FunctionalInterface
	public interface CallBody {

		/**
		 * Makes the call.
		 * @param model the model the budget was reserved on, which the call should use
		 * @return what the call returns
		 * @throws Throwable whatever the call throws, passed on unchanged
		 */
		Object run(String model) throws Throwable;

	}

}
