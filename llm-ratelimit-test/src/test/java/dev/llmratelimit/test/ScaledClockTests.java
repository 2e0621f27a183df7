package dev.llmratelimit.test;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ScaledClock}.
 */
class ScaledClockTests {

	private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void aRealSecondReadsAsScaleSimulatedSeconds() {
		long oneRealSecondAgo = System.nanoTime() - Duration.ofSeconds(1).toNanos();
		ScaledClock time = new ScaledClock(10, EPOCH, oneRealSecondAgo);
		assertThat(time.nanoTime()).isBetween(Duration.ofSeconds(10).toNanos(), Duration.ofSeconds(15).toNanos());
	}

	@Test
	void wallClockStartsAtTheEpochAndMovesWithTheScaledClock() {
		long oneRealSecondAgo = System.nanoTime() - Duration.ofSeconds(1).toNanos();
		ScaledClock time = new ScaledClock(20, EPOCH, oneRealSecondAgo);
		assertThat(time.now()).isBetween(EPOCH.plusSeconds(20), EPOCH.plusSeconds(30));
	}

	@Test
	void simulatedWaitsBecomeScaleTimesShorterRealWaits() {
		ScaledClock time = new ScaledClock(10, EPOCH);
		assertThat(time.toRealNanos(Duration.ofSeconds(3).toNanos())).isEqualTo(Duration.ofMillis(300).toNanos());
		assertThat(time.toReal(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(6));
		assertThat(time.toSimulatedNanos(Duration.ofMillis(300).toNanos())).isEqualTo(Duration.ofSeconds(3).toNanos());
	}

}
