package dev.llmratelimit.aop.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TokenNumbers}: what an {@code @LlmRateLimited} expression may give as a
 * token count.
 */
class TokenNumbersTests {

	@Test
	void wholeNumbersOfAnyTypeAreCounts() {
		assertThat(TokenNumbers.toTokens(512, "x")).isEqualTo(512);
		assertThat(TokenNumbers.toTokens(512L, "x")).isEqualTo(512);
		assertThat(TokenNumbers.toTokens(512.0, "x")).isEqualTo(512);
		assertThat(TokenNumbers.toTokens(new BigDecimal("512.000"), "x")).isEqualTo(512);
		assertThat(TokenNumbers.toTokens(BigInteger.valueOf(1_000_000_000_000_000L), "x"))
			.isEqualTo(1_000_000_000_000_000L);
	}

	@Test
	void nanIsRefusedNamingTheExpression() {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenNumbers.toTokens(Double.NaN, "maxTokens '#n'"))
			.withMessage("maxTokens '#n' gave NaN; a token count must be a whole number between 0 and 1000000000000000");
	}

	@Test
	void infiniteNegativeFractionalAndHugeNumbersAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenNumbers.toTokens(Double.POSITIVE_INFINITY, "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenNumbers.toTokens(-1, "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenNumbers.toTokens(1.5f, "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenNumbers.toTokens(1e308, "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenNumbers.toTokens(Long.MAX_VALUE, "x"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TokenNumbers.toTokens(BigInteger.TWO.pow(100), "x"));
	}

}
