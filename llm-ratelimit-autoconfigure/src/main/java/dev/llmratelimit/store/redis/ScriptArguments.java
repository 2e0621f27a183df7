package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.List;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.TimeSource;

/**
 * Lays out the arguments of one model's budget scripts: the time (or '' for the Redis
 * server's), then the arguments every call of the model gets (its configured limits,
 * followed by the starts of the calendar days when its daily meters reset then, the
 * timeouts, the channel, the caller's name, the admission margin and the observation
 * lag), then the operation's own. Immutable, and safe to use from any thread.
 */
final class ScriptArguments {

	/** The arguments every script gets after the time: the same for every call. */
	private final List<String> fixedArgs;

	/** Starts of the calendar days at which the daily meters reset, or {@code null} when they refill. */
	private final CalendarDayStarts dayStarts;

	private final TimeSource clock;

	ScriptArguments(ModelLimits limits, RedisBudget.Settings settings) {
		String configuredLimits = CostCodec.join((meter) -> Long.toString(limits.limit(meter).orElse(0))) + ","
				+ CostCodec.number(limits.lowPriorityReserve()) + "," + CostCodec.number(limits.maxSharePerKey());
		this.fixedArgs = List.of(configuredLimits, micros(settings.leaseTimeout()), micros(settings.waiterTimeout()),
				settings.channel(), settings.instanceId() + " " + limits.model(), micros(settings.admissionMargin()),
				micros(settings.observationLag()));
		this.dayStarts = (limits.dailyReset() == ModelLimits.DailyReset.CALENDAR)
				? new CalendarDayStarts(limits.dailyResetZone()) : null;
		this.clock = settings.clock();
	}

	/**
	 * The arguments of one script call, timed now.
	 * @param operationArgs the operation's own arguments
	 * @return the time, the fixed arguments, then {@code operationArgs}
	 */
	Object[] of(String... operationArgs) {
		Object[] args = new Object[1 + this.fixedArgs.size() + operationArgs.length];
		TimeSource clock = this.clock;
		long nowMicros = (clock != null) ? clock.nanoTime() / 1000 : 0;
		args[0] = (clock != null) ? Long.toString(nowMicros) : "";
		int next = 1;
		for (String fixed : this.fixedArgs) {
			args[next++] = fixed;
		}
		if (this.dayStarts != null) {
			args[1] = args[1] + this.dayStarts.text(clock, nowMicros);
		}
		System.arraycopy(operationArgs, 0, args, next, operationArgs.length);
		return args;
	}

	/** A duration as the scripts read it: whole microseconds. */
	static String micros(Duration duration) {
		return Long.toString(duration.toNanos() / 1000);
	}

}
