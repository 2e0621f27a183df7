package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.test.simulator.SimulatedMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link ServedCounters}.
 */
class ServedCountersTests {

	private static final long OTPM = 20_000;

	@Test
	void outputServedAtTheRefillRateUsesTheWholeMeter() {
		ServedCounters window = at(3, 60_000, 8_000).since(at(0, 0, 8_000));
		assertThat(window.outputUtilization(OTPM)).isCloseTo(1.0, within(1e-9));
	}

	@Test
	void outputTakenFromWhatTheMeterHeldAtTheStartIsNotCountedAsMoreThanTheMeterGives() {
		ServedCounters window = at(3, 72_000, 8_000).since(at(0, 0, 20_000));
		assertThat(window.outputUtilization(OTPM)).isCloseTo(1.0, within(1e-9));
	}

	@Test
	void refillThatOverflowsAFullMeterIsWaste() {
		ServedCounters window = at(3, 15_000, 20_000).since(at(0, 0, 20_000));
		assertThat(window.outputUtilization(OTPM)).isCloseTo(0.25, within(1e-9));
	}

	@Test
	void rejectionsOfTheWindowAreCountedPerMeter() {
		ServedCounters earlier = new ServedCounters(0, 0, 0, 0, 2, 0, Map.of(SimulatedMeter.OUTPUT_TOKENS, 2L));
		ServedCounters later = new ServedCounters(1, 0, 0, 0, 7, 0,
				Map.of(SimulatedMeter.OUTPUT_TOKENS, 5L, SimulatedMeter.REQUESTS, 2L));
		assertThat(later.since(earlier).rejected()).isEqualTo(5);
		assertThat(later.since(earlier).rejectedBy())
			.isEqualTo(Map.of(SimulatedMeter.OUTPUT_TOKENS, 3L, SimulatedMeter.REQUESTS, 2L));
	}

	private static ServedCounters at(long minutes, long outputTokens, double outputHeld) {
		return new ServedCounters(Duration.ofMinutes(minutes).toNanos(), 0, 0, outputTokens, 0, outputHeld, Map.of());
	}

}
