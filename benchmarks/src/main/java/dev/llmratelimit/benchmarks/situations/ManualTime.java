package dev.llmratelimit.benchmarks.situations;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.test.ManualClock;

/**
 * The test kit's {@link ManualClock} as the engine's {@link TimeSource}: the simulated
 * provider and the limiter read one clock that moves only from event to event.
 */
final class ManualTime extends ManualClock implements TimeSource {

}
