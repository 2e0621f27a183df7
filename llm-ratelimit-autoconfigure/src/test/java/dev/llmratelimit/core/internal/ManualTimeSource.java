package dev.llmratelimit.core.internal;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.test.ManualClock;

/**
 * The test kit's {@link ManualClock} as the engine's {@link TimeSource}: time only moves
 * when a test says so.
 */
public final class ManualTimeSource extends ManualClock implements TimeSource {

}
