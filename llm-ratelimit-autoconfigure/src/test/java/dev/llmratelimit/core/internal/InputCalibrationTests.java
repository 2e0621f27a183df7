package dev.llmratelimit.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link InputCalibration}.
 */
class InputCalibrationTests {

	private final InputCalibration calibration = new InputCalibration(true);

	@Test
	void estimatesAreUsedAsTheyAreUntilACallTeachesTheRatio() {
		assertThat(this.calibration.ratio()).isEqualTo(1.0);
		assertThat(this.calibration.apply(1000)).isEqualTo(1000);
	}

	@Test
	void steadyRatioIsLearnedAndAppliedRoundingUp() {
		for (int i = 0; i < 20; i++) {
			this.calibration.record(1000, 1143);
		}
		assertThat(this.calibration.ratio()).isCloseTo(1.143, within(1e-9));
		assertThat(this.calibration.apply(1000)).isEqualTo(1143);
		assertThat(this.calibration.apply(7)).isEqualTo(9);
	}

	@Test
	void scatteredSamplesLeanTowardsOverestimating() {
		for (int i = 0; i < 50; i++) {
			this.calibration.record(1000, (i % 2 == 0) ? 1100 : 1200);
		}
		assertThat(this.calibration.ratio()).isGreaterThan(1.2);
	}

	@Test
	void ratioStaysWithinItsBounds() {
		this.calibration.record(100, 10_000);
		assertThat(this.calibration.ratio()).isEqualTo(InputCalibration.MAX_RATIO);
		InputCalibration low = new InputCalibration(true);
		low.record(10_000, 100);
		assertThat(low.ratio()).isEqualTo(InputCalibration.MIN_RATIO);
	}

	@Test
	void tinyEstimatesTeachNothing() {
		this.calibration.record(InputCalibration.MIN_ESTIMATE - 1, 1000);
		assertThat(this.calibration.ratio()).isEqualTo(1.0);
	}

	@Test
	void usageWithoutInputTokensTeachesNothing() {
		this.calibration.record(1000, 0);
		assertThat(this.calibration.ratio()).isEqualTo(1.0);
	}

	@Test
	void disabledCalibrationNeverChangesEstimates() {
		InputCalibration disabled = new InputCalibration(false);
		disabled.record(1000, 2000);
		assertThat(disabled.ratio()).isEqualTo(1.0);
		assertThat(disabled.apply(1000)).isEqualTo(1000);
	}

}
