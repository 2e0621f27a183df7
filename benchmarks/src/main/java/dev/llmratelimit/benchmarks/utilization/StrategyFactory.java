package dev.llmratelimit.benchmarks.utilization;

import java.net.URI;

/**
 * Creates a fresh strategy for a run against a given simulator.
 */
@FunctionalInterface
interface StrategyFactory {

	/**
	 * Creates the strategy.
	 * @param baseUrl the simulator's URL
	 * @param time the shared clock
	 * @return a strategy ready for calls
	 */
	Strategy create(URI baseUrl, SimulatedTime time);

}
