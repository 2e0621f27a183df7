package dev.llmratelimit.sample.springai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;

/**
 * Keeps what the app's limiter reserved, settled and observed.
 */
class RecordingLimiterListener implements LimiterListener {

	private final List<Long> reservedOutputTokens = new CopyOnWriteArrayList<>();

	private final List<LlmUsage> settledUsage = new CopyOnWriteArrayList<>();

	private final List<ProviderSnapshot> observed = new CopyOnWriteArrayList<>();

	@Override
	public void admitted(String model, long waitedNanos, Cost reserved) {
		this.reservedOutputTokens.add((long) reserved.amount(Meter.OUTPUT_TOKENS_PER_MINUTE));
	}

	@Override
	public void settled(String model, Settlement outcome, Cost reserved, Cost actual, LlmUsage usage) {
		if (usage != null) {
			this.settledUsage.add(usage);
		}
	}

	@Override
	public void observed(String model, ProviderSnapshot snapshot) {
		this.observed.add(snapshot);
	}

	void clear() {
		this.reservedOutputTokens.clear();
		this.settledUsage.clear();
		this.observed.clear();
	}

	List<Long> reservedOutputTokens() {
		return this.reservedOutputTokens;
	}

	List<LlmUsage> settledUsage() {
		return this.settledUsage;
	}

	List<ProviderSnapshot> observed() {
		return this.observed;
	}

}
