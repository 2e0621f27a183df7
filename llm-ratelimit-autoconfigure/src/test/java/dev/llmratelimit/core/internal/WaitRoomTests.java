package dev.llmratelimit.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The room does not hold its lock while the budget answers (a Redis round trip for a
 * shared budget), so that wake-ups and other callers are not held up by it.
 */
@Timeout(30)
class WaitRoomTests {

	private final WaitRoom room = new WaitRoom();

	@Test
	void otherCallersAreServedWhileTheBudgetAnswersOne() {
		WaitRoom.Entry entry = this.room.enter(() -> {
			CompletableFuture<Boolean> meanwhile = CompletableFuture.supplyAsync(() -> {
				this.room.signalFirst();
				return this.room.enter(() -> Admission.rejected(Meter.REQUESTS_PER_MINUTE, 1)).waiter() == null;
			});
			assertThat(meanwhile).succeedsWithin(10, TimeUnit.SECONDS).isEqualTo(true);
			return queued("t1");
		});
		assertThat(entry.waiter()).isNotNull();
		assertThat(this.room.isEmpty()).isFalse();
	}

	@Test
	void placeThatGotNoTicketPassesOnTheWakeUpItTook() throws InterruptedException {
		WaitRoom.Entry[] behind = new WaitRoom.Entry[1];
		WaitRoom.Entry entry = this.room.enter(() -> {
			behind[0] = this.room.enter(() -> queued("t2"));
			// the first place is this caller's, still without a ticket
			this.room.signalFirst();
			return Admission.rejected(Meter.REQUESTS_PER_MINUTE, 1);
		});
		assertThat(entry.waiter()).isNull();
		long start = System.nanoTime();
		this.room.await(behind[0].waiter(), TimeUnit.SECONDS.toNanos(20));
		assertThat(System.nanoTime() - start).as("woken at once").isLessThan(TimeUnit.SECONDS.toNanos(10));
	}

	private static Admission queued(String ticket) {
		return Admission.queued(new Ticket(ticket, Cost.ZERO), Meter.REQUESTS_PER_MINUTE, 1);
	}

}
