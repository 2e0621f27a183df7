package dev.llmratelimit.usage.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CharacterRatioTokenEstimator}.
 */
class CharacterRatioTokenEstimatorTests {

	private final CharacterRatioTokenEstimator estimator = new CharacterRatioTokenEstimator();

	@Test
	void fourCharactersMakeOneToken() {
		assertThat(this.estimator.estimate("m", "abcdefgh")).isEqualTo(2);
	}

	@Test
	void partialTokensRoundUp() {
		assertThat(this.estimator.estimate("m", "abcdefghi")).isEqualTo(3);
	}

	@Test
	void emptyTextCostsNothing() {
		assertThat(this.estimator.estimate("m", "")).isZero();
	}

	@Test
	void customRatioIsUsed() {
		assertThat(new CharacterRatioTokenEstimator(2).estimate("m", "abcdef")).isEqualTo(3);
	}

	@Test
	void ratioMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CharacterRatioTokenEstimator(0));
	}

}
