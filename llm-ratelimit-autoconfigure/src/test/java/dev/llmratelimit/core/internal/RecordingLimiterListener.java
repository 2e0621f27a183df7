package dev.llmratelimit.core.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;

/**
 * A {@link LimiterListener} that records what the limiter reports: provider snapshots it
 * observed, admissions and settlements. Thread safe.
 */
public class RecordingLimiterListener implements LimiterListener {

	private final List<Map.Entry<String, ProviderSnapshot>> observed = new CopyOnWriteArrayList<>();

	private final List<Cost> admitted = new CopyOnWriteArrayList<>();

	private final List<Settled> settled = new CopyOnWriteArrayList<>();

	@Override
	public void observed(String model, ProviderSnapshot snapshot) {
		this.observed.add(Map.entry(model, snapshot));
	}

	@Override
	public void admitted(String model, long waitedNanos, Cost reserved) {
		this.admitted.add(reserved);
	}

	@Override
	public void settled(String model, Settlement outcome, Cost reserved, Cost actual, LlmUsage usage) {
		this.settled.add(new Settled(outcome, usage));
	}

	/**
	 * Snapshots observed, with the model each was credited to.
	 * @return model and snapshot, in order
	 */
	public List<Map.Entry<String, ProviderSnapshot>> observed() {
		return this.observed;
	}

	/**
	 * Costs reserved by admissions.
	 * @return the costs, in order
	 */
	public List<Cost> admitted() {
		return this.admitted;
	}

	/**
	 * Settlements.
	 * @return the settlements, in order
	 */
	public List<Settled> settled() {
		return this.settled;
	}

	/**
	 * One settlement.
	 *
	 * @param outcome how the call ended
	 * @param usage the usage it settled with, {@code null} when settled as reserved
	 */
	public record Settled(Settlement outcome, LlmUsage usage) {
	}

}
