package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.test.simulator.SimulatedMeter;

/**
 * What one strategy achieved over the measured window.
 *
 * @param label a short label for the chart, such as {@code (e)}
 * @param name what the strategy is
 * @param requestsPerMinute calls completed per simulated minute
 * @param outputTokensPerMinute actual output tokens served per simulated minute
 * @param outputUtilization output tokens served over what the output meter allowed
 * @param inputUtilization input tokens served over what the input meter allowed
 * @param requestUtilization calls completed over what the requests meter allowed
 * @param rejected 429s the simulator sent over the whole run, warm-up included
 * @param rejectedBy those 429s by the meter that refused the request
 * @param rejectedInWindow 429s the simulator sent in the measured window
 * @param givenUp calls that ended refused after their retries, in the window
 * @param waitP50 median simulated time a completed call waited
 * @param waitP99 99th percentile of the simulated time a completed call waited
 * @param errors calls that failed for another reason than a 429
 */
public record StrategyResult(String label, String name, double requestsPerMinute, double outputTokensPerMinute,
		double outputUtilization,
		double inputUtilization, double requestUtilization, long rejected, Map<SimulatedMeter, Long> rejectedBy,
		long rejectedInWindow, long givenUp, Duration waitP50,
		Duration waitP99, long errors) {

}
