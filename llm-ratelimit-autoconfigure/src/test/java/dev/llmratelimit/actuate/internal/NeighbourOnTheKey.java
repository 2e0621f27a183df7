package dev.llmratelimit.actuate.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.provider.internal.OpenAiDialect;

/**
 * An OpenAI model of 6000 tokens per minute whose key another application also spends:
 * each second this application uses 50 tokens, the neighbour 30, and the provider's exact
 * remaining figure comes back in the response headers.
 */
public final class NeighbourOnTheKey {

	/** The model's id. */
	public static final String MODEL = "gpt-4.1-mini";

	private static final long LIMIT = 6000;

	private final ManualTimeSource time = new ManualTimeSource();

	private final BudgetLimiter limiter;

	private double provider = LIMIT;

	/**
	 * Creates the model and its limiter.
	 * @param listeners listeners of the limiter, such as metrics
	 */
	public NeighbourOnTheKey(LimiterListener... listeners) {
		BudgetLimiter.Builder builder = BudgetLimiter.builder()
			.timeSource(this.time)
			.observationLag(Duration.ZERO)
			.dialects(new DialectRegistry(List.of(new OpenAiDialect())))
			.model(ModelLimits.builder(MODEL).provider("openai").limit(Meter.TOKENS_PER_MINUTE, LIMIT).build());
		for (LimiterListener listener : listeners) {
			builder.listener(listener);
		}
		this.limiter = builder.build();
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

	private void call(long tokens) {
		this.limiter.reserve(MODEL, 0, tokens, Duration.ZERO).complete(LlmUsage.of(0, tokens));
		this.provider -= tokens;
		this.limiter.observe(MODEL, ProviderResponse.ok(Map.of("x-ratelimit-limit-tokens",
				List.of(Long.toString(LIMIT)), "x-ratelimit-remaining-tokens", List.of(Long.toString((long) this.provider)))));
	}

}
