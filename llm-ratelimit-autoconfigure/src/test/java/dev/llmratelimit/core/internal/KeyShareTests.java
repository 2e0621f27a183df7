package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the bound on the keys {@link KeyShares} tracks, on a manual clock. The rules of
 * shares themselves are checked on every store by
 * {@link dev.llmratelimit.store.PriorityAndKeyShareContractTests}.
 */
class KeyShareTests {

	/** A request with tokens, a meter the model does not limit. */
	private static final Cost ONE = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 1, Meter.TOKENS_PER_MINUTE, 100));

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void keysThatHoldNothingAreForgottenAndNewKeysShareOneHoldingBeyondTheBound() {
		ModelLimits limits = ModelLimits.builder("m").limit(Meter.REQUESTS_PER_MINUTE, 1_000_000).build();
		MeterSet meters = new MeterSet(limits, 0, new ExternalConsumption(false), this.time);
		KeyShares shares = new KeyShares(0.5);
		for (int i = 0; i < KeyShares.MAX_KEYS; i++) {
			shares.debit("k" + i, ONE, meters, this.time.nanoTime());
		}
		assertThat(shares.debit("one too many", ONE, meters, this.time.nanoTime())).isEqualTo(KeyShares.OVERFLOW_KEY);
		assertThat(shares.size()).isEqualTo(KeyShares.MAX_KEYS);
		// a minute later every key has its share back and holds nothing (of the limited meter)
		this.time.advance(Duration.ofMinutes(1));
		assertThat(shares.debit("new", ONE, meters, this.time.nanoTime())).isEqualTo("new");
		assertThat(shares.size()).isEqualTo(1);
	}

}
