package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Priority;
import dev.llmratelimit.ReservationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for priorities in {@link BudgetLimiter} with blocked callers on a manual clock: the
 * caller the budget serves is the one woken, wherever it waits in line.
 */
@Timeout(30)
class PriorityLimiterTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.model(ModelLimits.builder("m").limit(Meter.REQUESTS_PER_MINUTE, 1).lowPriorityReserve(0).build())
		.build();

	@AfterEach
	void stopThreads() {
		this.executor.shutdownNow();
	}

	@Test
	void highPriorityCallerThatCameLastIsAdmittedFirst() throws Exception {
		this.limiter.reserve("m", 0, 1, Duration.ZERO);
		List<Priority> admitted = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> low = caller(Priority.LOW, admitted);
		awaitWaiting(1);
		CompletableFuture<Void> normal = caller(Priority.NORMAL, admitted);
		awaitWaiting(2);
		CompletableFuture<Void> high = caller(Priority.HIGH, admitted);
		awaitWaiting(3);
		for (int i = 1; i <= 3; i++) {
			this.time.advance(Duration.ofMinutes(1));
			this.limiter.wakeWaiters();
			awaitAdmitted(admitted, i);
		}
		CompletableFuture.allOf(low, normal, high).get(10, TimeUnit.SECONDS);
		assertThat(admitted).containsExactly(Priority.HIGH, Priority.NORMAL, Priority.LOW);
	}

	private CompletableFuture<Void> caller(Priority priority, List<Priority> admitted) {
		return CompletableFuture.runAsync(() -> {
			this.limiter.reserve(ReservationRequest.builder("m")
				.maxTokens(1)
				.maxWait(Duration.ofHours(1))
				.priority(priority)
				.build());
			admitted.add(priority);
		}, this.executor);
	}

	private void awaitWaiting(int waiting) {
		while (this.limiter.headroom("m").orElseThrow().waiting() < waiting) {
			Thread.onSpinWait();
		}
	}

	private static void awaitAdmitted(List<Priority> admitted, int count) {
		while (admitted.size() < count) {
			Thread.onSpinWait();
		}
	}

}
