package dev.llmratelimit.actuate.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.provider.internal.OpenAiDialect;
import dev.llmratelimit.store.redis.RedisBudgetStore;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * An OpenAI model of 6000 tokens per minute whose key another application also spends:
 * each second this application uses 50 tokens, the neighbour 30, and the provider's exact
 * remaining figure comes back in the response headers. The budget is kept in memory, or
 * in Redis ({@link #onRedis}), the scripts reading the same manual clock.
 */
public final class NeighbourOnTheKey implements AutoCloseable {

	/** The model's id. */
	public static final String MODEL = "gpt-4.1-mini";

	private static final long LIMIT = 6000;

	private final ManualTimeSource time = new ManualTimeSource();

	private final BudgetLimiter limiter;

	private final RedisBudgetStore redis;

	private double provider = LIMIT;

	/**
	 * Creates the model and its limiter.
	 * @param listeners listeners of the limiter, such as metrics
	 */
	public NeighbourOnTheKey(LimiterListener... listeners) {
		this(null, listeners);
	}

	private NeighbourOnTheKey(RedisConnectionFactory redis, LimiterListener... listeners) {
		this.redis = (redis != null) ? RedisBudgetStore.builder(redis)
			.keyPrefix("neighbour-" + UUID.randomUUID())
			.timeSource(this.time)
			.scriptTime(this.time)
			.observationLag(Duration.ZERO)
			.build() : null;
		BudgetLimiter.Builder builder = BudgetLimiter.builder()
			.timeSource(this.time)
			.observationLag(Duration.ZERO)
			.dialects(new DialectRegistry(List.of(new OpenAiDialect())))
			.model(ModelLimits.builder(MODEL).provider("openai").limit(Meter.TOKENS_PER_MINUTE, LIMIT).build());
		if (this.redis != null) {
			builder.budgetFactory(this.redis);
		}
		for (LimiterListener listener : listeners) {
			builder.listener(listener);
		}
		this.limiter = builder.build();
	}

	/**
	 * The model with its budget in Redis.
	 * @param redis connections to the Redis server
	 * @param listeners listeners of the limiter, such as metrics
	 * @return the model, to close after use
	 */
	public static NeighbourOnTheKey onRedis(RedisConnectionFactory redis, LimiterListener... listeners) {
		return new NeighbourOnTheKey(redis, listeners);
	}

	/**
	 * The limiter of this application.
	 * @return the limiter
	 */
	public BudgetLimiter limiter() {
		return this.limiter;
	}

	/**
	 * Runs whole seconds of traffic, starting half way down the bucket.
	 * @param seconds how long
	 * @return this
	 */
	public NeighbourOnTheKey run(int seconds) {
		if (this.provider == LIMIT) {
			call(3000);
		}
		for (int i = 0; i < seconds; i++) {
			this.time.advance(Duration.ofSeconds(1));
			this.provider = Math.min(LIMIT, this.provider + LIMIT / 60.0) - 30;
			call(50);
		}
		return this;
	}

	@Override
	public void close() {
		if (this.redis != null) {
			this.redis.close();
		}
	}

	private void call(long tokens) {
		this.limiter.reserve(MODEL, 0, tokens, Duration.ZERO).complete(LlmUsage.of(0, tokens));
		this.provider -= tokens;
		this.limiter.observe(MODEL, ProviderResponse.ok(Map.of("x-ratelimit-limit-tokens",
				List.of(Long.toString(LIMIT)), "x-ratelimit-remaining-tokens", List.of(Long.toString((long) this.provider)))));
	}

}
