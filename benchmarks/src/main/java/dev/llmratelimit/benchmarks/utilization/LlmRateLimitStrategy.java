package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.Message;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.anthropic.internal.AnthropicSdkFailureResponses;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import dev.llmratelimit.test.simulator.SimulatedLimits;

/**
 * Strategies (e) and (f): llm-ratelimit's {@link BudgetLimiter} with the in-memory budget
 * and the Anthropic dialect on the simulated clock, configured with the model's limits.
 * Every attempt reserves the estimated input and {@code max_tokens}, and is reconciled
 * with the reported usage. With header learning the limiter observes every response
 * (rate-limit headers, 429s and their {@code retry-after}); without it, it sees nothing but
 * its own reservations. The SDK's own retries are off: a refused attempt is retried (twice
 * at most, like the SDK) through the limiter.
 */
final class LlmRateLimitStrategy implements Strategy {

	private static final int ATTEMPTS = 3;

	private static final String REAL_TIME_HEADER = "retry-after-ms";

	private final AnthropicClient client;

	private final String model;

	private final boolean learnFromHeaders;

	private final BudgetLimiter limiter;

	LlmRateLimitStrategy(AnthropicClient client, String model, SimulatedLimits limits, long defaultMaxTokens,
			SimulatedTime time, boolean learnFromHeaders) {
		this.client = client;
		this.model = model;
		this.learnFromHeaders = learnFromHeaders;
		BudgetLimiter.Builder builder = BudgetLimiter.builder()
			.timeSource(time)
			.defaultMaxWait(Duration.ofHours(1))
			.admissionMargin(Duration.ofMillis(500))
			.dialects(new DialectRegistry(List.of(new AnthropicDialect())))
			.model(ModelLimits.builder(model)
				.provider(AnthropicDialect.ID)
				.limit(Meter.REQUESTS_PER_MINUTE, limits.requestsPerMinute())
				.limit(Meter.INPUT_TOKENS_PER_MINUTE, limits.inputTokensPerMinute())
				.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, limits.outputTokensPerMinute())
				.defaultMaxTokens(defaultMaxTokens)
				.build());
		if (learnFromHeaders) {
			AnthropicSdkFailureResponses responses = new AnthropicSdkFailureResponses();
			builder.failureResponses((failure) -> responses.responseOf(failure).map(LlmRateLimitStrategy::simulated));
		}
		this.limiter = builder.build();
	}

	@Override
	public Outcome call(Prompt prompt) throws InterruptedException {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Reservation reservation = this.limiter.reserve(this.model, prompt.estimatedInputTokens(),
					prompt.maxTokens());
			try {
				HttpResponseFor<Message> response = this.client.messages()
					.withRawResponse()
					.create(SdkClients.params(this.model, prompt));
				Message message = response.parse();
				reservation.complete(LlmUsage.of(message.usage().inputTokens(), message.usage().outputTokens()));
				if (this.learnFromHeaders) {
					// after completing: the headers already count this call as settled
					reservation.observe(simulated(new ProviderResponse(response.statusCode(),
							toMap(response.headers()), null)));
				}
				return SdkClients.outcome(message);
			}
			catch (RateLimitException ex) {
				reservation.fail(ex);
				if (!this.learnFromHeaders) {
					backOff(ex);
				}
			}
			catch (RuntimeException ex) {
				reservation.fail(ex);
				throw ex;
			}
		}
		return Outcome.FAILED;
	}

	@Override
	public void close() {
		this.client.close();
	}

	/** Without header learning, waits as the SDK would: the real {@code retry-after-ms}. */
	private static void backOff(RateLimitException refusal) throws InterruptedException {
		List<String> values = refusal.headers().values(REAL_TIME_HEADER);
		double millis = values.isEmpty() ? 500 : Double.parseDouble(values.get(0));
		TimeUnit.MICROSECONDS.sleep(Math.round(millis * 1000));
	}

	/**
	 * The response as the limiter on the simulated clock must see it: without the one
	 * header the simulator writes in real time for time-scaled clients.
	 */
	private static ProviderResponse simulated(ProviderResponse response) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.putAll(response.headers());
		headers.remove(REAL_TIME_HEADER);
		return new ProviderResponse(response.status(), headers, response.body());
	}

	private static Map<String, List<String>> toMap(Headers headers) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (String name : headers.names()) {
			map.put(name, headers.values(name));
		}
		return map;
	}

}
