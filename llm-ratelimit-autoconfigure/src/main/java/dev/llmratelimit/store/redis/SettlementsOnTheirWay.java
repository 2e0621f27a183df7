package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The settlements of one model's failover budget sent in the background whose answer has
 * not arrived (or not been handled) yet. One that fails on its way is handed over to be
 * replayed as a settlement made while Redis was down is (under the same id: Redis counts
 * it once, whether or not the first one reached it); closing the store waits for them.
 * Thread-safe.
 */
final class SettlementsOnTheirWay {

	private static final Log logger = LogFactory.getLog(SettlementsOnTheirWay.class);

	private final Set<CompletableFuture<Void>> sending = ConcurrentHashMap.newKeySet();

	private final Consumer<RedisReplay.Settlement> notSent;

	/**
	 * Creates an empty set.
	 * @param notSent takes a settlement that may not have reached Redis
	 */
	SettlementsOnTheirWay(Consumer<RedisReplay.Settlement> notSent) {
		this.notSent = notSent;
	}

	/**
	 * Follows a settlement on its way until its answer is handled.
	 * @param settlement the settlement
	 * @param answer Redis's answer to come, exceptionally when it may not have arrived
	 */
	void add(RedisReplay.Settlement settlement, CompletableFuture<Boolean> answer) {
		CompletableFuture<Void> handled = answer.handle((settled, failure) -> answered(settlement, failure));
		this.sending.add(handled);
		handled.whenComplete((done, failure) -> this.sending.remove(handled));
	}

	/**
	 * Waits for the settlements on their way.
	 * @param timeout how long to wait
	 * @return {@code false} when the calling thread was interrupted (its interrupt flag set
	 * again), else {@code true}, whether or not they all arrived
	 */
	boolean await(Duration timeout) {
		try {
			CompletableFuture.allOf(this.sending.toArray(CompletableFuture[]::new))
				.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Settlements sent in the background did not all arrive", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		return true;
	}

	private Void answered(RedisReplay.Settlement settlement, Throwable failure) {
		if (failure != null) {
			logger.debug("A settlement sent in the background failed; replaying it", failure);
			this.notSent.accept(settlement);
		}
		return null;
	}

}
