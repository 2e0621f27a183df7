package dev.llmratelimit.benchmarks.redis;

import java.time.Duration;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.store.redis.RedisBudgetStore;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * llm-ratelimit's Redis store as an application uses it: {@code reserve} of one call (800
 * input tokens, 1024 max tokens) on a model with three meters, then {@code complete} with
 * the reported usage. One Lua script each; the limits are huge, so no call waits.
 */
final class LlmRateLimitRedisSubject implements RoundTripSubject {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final long HUGE_LIMIT = 1_000_000_000_000L;

	private static final LlmUsage USAGE = LlmUsage.of(800, 120);

	private final LettuceConnectionFactory connectionFactory;

	private final RedisBudgetStore store;

	private final BudgetLimiter limiter;

	LlmRateLimitRedisSubject(int port) {
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.store = RedisBudgetStore.builder(this.connectionFactory)
			.keyPrefix("bench-" + System.nanoTime())
			.build();
		this.limiter = BudgetLimiter.builder()
			.budgetFactory(this.store)
			.model(ModelLimits.builder(MODEL)
				.limit(Meter.REQUESTS_PER_MINUTE, HUGE_LIMIT)
				.limit(Meter.INPUT_TOKENS_PER_MINUTE, HUGE_LIMIT)
				.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, HUGE_LIMIT)
				.build())
			.build();
	}

	@Override
	public String name() {
		return "llm-ratelimit Redis store: reserve + complete";
	}

	@Override
	public void admitAndSettle() {
		this.limiter.reserve(MODEL, 800, 1024, Duration.ZERO).complete(USAGE);
	}

	@Override
	public String calls() {
		return name() + ": operations ran as " + this.store.details().get("scripts")
				+ " (functions: Redis 7 FCALL of a library loaded once; scripts: EVALSHA)";
	}

	@Override
	public void close() {
		this.store.close();
		this.connectionFactory.destroy();
	}

}
