package dev.llmratelimit.actuate.internal;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.actuate.internal.LlmCallCounts.CallCounts;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmCallCounts}.
 */
class LlmCallCountsTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private final LlmCallCounts counts = new LlmCallCounts();

	@Test
	void modelWithoutCallsCountsNothing() {
		assertThat(this.counts.counts(MODEL)).isEqualTo(CallCounts.NONE);
	}

	@Test
	void callAdmittedAtOnceCountsAsAdmitted() {
		this.counts.admitted(MODEL, 0, Cost.ZERO);
		assertThat(this.counts.counts(MODEL)).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
	}

	@Test
	void callAdmittedAfterWaitingCountsAsWaitedAndAddsItsWait() {
		this.counts.admitted(MODEL, Duration.ofMillis(1500).toNanos(), Cost.ZERO);
		this.counts.admitted(MODEL, Duration.ofMillis(500).toNanos(), Cost.ZERO);
		assertThat(this.counts.counts(MODEL)).isEqualTo(new CallCounts(0, 2, 0, 0, 2000));
	}

	@Test
	void refusalByTheLimiterCountsAsRejected() {
		this.counts.rejected(MODEL, Meter.TOKENS_PER_MINUTE, 1000);
		assertThat(this.counts.counts(MODEL).rejected()).isEqualTo(1);
	}

	@Test
	void rateLimitedProviderResponseCountsAsProviderThrottled() {
		this.counts.observed(MODEL, new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(1),
				null));
		this.counts.observed(MODEL, ProviderSnapshot.EMPTY);
		assertThat(this.counts.counts(MODEL).providerThrottled()).isEqualTo(1);
	}

	@Test
	void modelsAreCountedApart() {
		this.counts.admitted(MODEL, 0, Cost.ZERO);
		assertThat(this.counts.counts("gpt-4o")).isEqualTo(CallCounts.NONE);
	}

}
