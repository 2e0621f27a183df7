package dev.llmratelimit.aop.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.LimiterListener;

/**
 * Keeps every admission and settlement a limiter reports.
 */
class RecordingSettlements implements LimiterListener {

	private final List<Cost> admitted = new CopyOnWriteArrayList<>();

	private final List<Settled> settled = new CopyOnWriteArrayList<>();

	@Override
	public void admitted(String model, long waitedNanos, Cost reserved) {
		this.admitted.add(reserved);
	}

	@Override
	public void settled(String model, Settlement outcome, Cost reserved, Cost actual, LlmUsage usage) {
		this.settled.add(new Settled(outcome, usage));
	}

	List<Cost> admitted() {
		return this.admitted;
	}

	List<Settled> settled() {
		return this.settled;
	}

	/**
	 * One settlement.
	 *
	 * @param outcome how the call ended
	 * @param usage the usage it settled with, {@code null} when settled as reserved
	 */
	record Settled(Settlement outcome, LlmUsage usage) {
	}

}
