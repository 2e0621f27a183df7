package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.time.Instant;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Daily meters refill continuously over 24 hours: midnight (UTC or any other) is not a
 * reset, and a day later the meter is full again, never more.
 */
class DailyMetersTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.admissionMargin(Duration.ZERO)
		.model(ModelLimits.builder("m")
			.limit(Meter.REQUESTS_PER_DAY, 8_640)
			.limit(Meter.TOKENS_PER_DAY, 86_400_000)
			.build())
		.build();

	@Test
	void midnightIsNotAReset() {
		assertThat(this.time.now()).isEqualTo(Instant.parse("2026-02-25T20:00:00Z"));
		for (int i = 0; i < 8_640; i++) {
			this.limiter.reserve("m", 5_000, 5_000, Duration.ZERO).complete(LlmUsage.of(5_000, 5_000));
		}
		assertThat(available(Meter.REQUESTS_PER_DAY)).isZero();
		this.time.advance(Duration.ofHours(4).minusSeconds(10));
		assertThat(this.time.now()).isEqualTo(Instant.parse("2026-02-25T23:59:50Z"));
		assertThat(available(Meter.REQUESTS_PER_DAY)).isCloseTo(1_439, within(1e-6));
		this.time.advance(Duration.ofSeconds(20));
		assertThat(this.time.now()).isEqualTo(Instant.parse("2026-02-26T00:00:10Z"));
		assertThat(available(Meter.REQUESTS_PER_DAY)).isCloseTo(1_441, within(1e-6));
		assertThat(available(Meter.TOKENS_PER_DAY)).isCloseTo(14_410_000, within(1e-6));
	}

	@Test
	void aDayLaterTheMeterIsFullAndNeverMore() {
		this.limiter.reserve("m", 1_000, 1_000, Duration.ZERO).complete(LlmUsage.of(1_000, 1_000));
		this.time.advance(Duration.ofHours(12));
		assertThat(available(Meter.REQUESTS_PER_DAY)).isEqualTo(8_640);
		assertThat(available(Meter.TOKENS_PER_DAY)).isEqualTo(86_400_000);
		this.time.advance(Duration.ofDays(3));
		assertThat(available(Meter.REQUESTS_PER_DAY)).isEqualTo(8_640);
		assertThat(available(Meter.TOKENS_PER_DAY)).isEqualTo(86_400_000);
	}

	@Test
	void anEmptyDailyMeterRefusesTheNextCallWithTheWaitForOneRequest() {
		for (int i = 0; i < 8_640; i++) {
			this.limiter.reserve("m", 0, 1, Duration.ZERO).complete(LlmUsage.of(0, 1));
		}
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> this.limiter.reserve("m", 0, 1, Duration.ZERO))
			.satisfies((ex) -> {
				assertThat(ex.meter()).isEqualTo(Meter.REQUESTS_PER_DAY);
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(10));
			});
	}

	private double available(Meter meter) {
		return this.limiter.headroom("m").orElseThrow().meters().get(meter).available();
	}

}
