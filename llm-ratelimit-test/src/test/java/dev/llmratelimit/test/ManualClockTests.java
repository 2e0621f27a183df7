package dev.llmratelimit.test;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ManualClock}.
 */
class ManualClockTests {

	private final ManualClock clock = new ManualClock();

	@Test
	void clockShouldStandStillUntilAdvanced() {
		assertThat(this.clock.nanoTime()).isEqualTo(ManualClock.START_NANOS);
		assertThat(this.clock.now()).isEqualTo(Instant.parse("2026-02-25T20:00:00Z"));
		this.clock.advance(Duration.ofMillis(1500));
		assertThat(this.clock.nanoTime()).isEqualTo(ManualClock.START_NANOS + 1_500_000_000L);
		assertThat(this.clock.getAsLong()).isEqualTo(this.clock.nanoTime());
		assertThat(this.clock.now()).isEqualTo(Instant.parse("2026-02-25T20:00:01.500Z"));
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void advanceToShouldNeverMoveTheClockBack() {
		this.clock.advanceTo(ManualClock.START_NANOS + 10);
		this.clock.advanceTo(ManualClock.START_NANOS + 5);
		assertThat(this.clock.nanoTime()).isEqualTo(ManualClock.START_NANOS + 10);
	}

	@Test
	void sleepShouldMoveTheClockInsteadOfBlocking() {
		this.clock.sleep(Duration.ofHours(1));
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void negativeAdvanceShouldBeRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.clock.advance(Duration.ofNanos(-1)))
			.withMessageContaining("PT-0.000000001S");
	}

}
