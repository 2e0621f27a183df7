package dev.llmratelimit.benchmarks.utilization;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import dev.llmratelimit.store.redis.RedisBudgetStore;
import dev.llmratelimit.store.redis.RedisBudgetStore.RedisFailureMode;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import io.lettuce.core.ClientOptions;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Several application instances, each its own {@link BudgetLimiter} on its own
 * {@link RedisBudgetStore} (as {@code llm.ratelimit.store=redis} builds it, with
 * {@code on-failure=local} and {@code expected-instances} the number of instances), all on
 * one Redis server; or, with no Redis port, one instance on the in-memory budget. Each
 * worker thread belongs to one instance (assigned in turn at its first call) and calls
 * through it like {@link LlmRateLimitStrategy} with header learning: every response
 * reaches the reservation, a refused attempt is retried (twice at most) through the
 * limiter.
 */
final class SharedRedisStrategy implements Strategy {

	private static final int ATTEMPTS = 3;

	private static final String REAL_TIME_HEADER = "retry-after-ms";

	private final AnthropicClient client;

	private final String model;

	private final List<BudgetLimiter> limiters = new ArrayList<>();

	private final List<RedisBudgetStore> stores = new ArrayList<>();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	private final AtomicInteger nextInstance = new AtomicInteger();

	private final ThreadLocal<Integer> instance = ThreadLocal.withInitial(this::assignInstance);

	private final AdmissionTrace trace;

	/**
	 * Builds the instances.
	 * @param baseUrl the simulator's URL
	 * @param time the simulated clock
	 * @param model the model id
	 * @param limits the console's limits
	 * @param defaultMaxTokens the workload's {@code max_tokens}
	 * @param instances how many instances share the Redis server
	 * @param redisPort the Redis server's port, or 0 for one instance on the in-memory budget
	 */
	SharedRedisStrategy(URI baseUrl, SimulatedTime time, String model, SimulatedLimits limits, long defaultMaxTokens,
			int instances, int redisPort) {
		this.client = SdkClients.client(baseUrl, 0);
		this.model = model;
		ModelLimits modelLimits = ModelLimits.builder(model)
			.provider(AnthropicDialect.ID)
			.limit(Meter.REQUESTS_PER_MINUTE, limits.requestsPerMinute())
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, limits.inputTokensPerMinute())
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, limits.outputTokensPerMinute())
			.defaultMaxTokens(defaultMaxTokens)
			.build();
		String keyPrefix = "shared-redis-" + System.nanoTime();
		this.trace = AdmissionTrace.enabled() ? new AdmissionTrace(time, instances) : null;
		for (int i = 0; i < instances; i++) {
			BudgetLimiter.Builder builder = BudgetLimiter.builder()
				.timeSource(time)
				.defaultMaxWait(Duration.ofHours(1))
				.admissionMargin(Duration.ofMillis(500))
				.observationLag(Duration.ofMillis(200))
				.dialects(new DialectRegistry(List.of(new AnthropicDialect())))
				.model(modelLimits);
			if (redisPort != 0) {
				builder.budgetFactory(store(redisPort, keyPrefix, time, instances));
			}
			BudgetLimiter limiter = builder.build();
			if (redisPort != 0) {
				warmUp(limiter, model);
			}
			this.limiters.add(limiter);
		}
		if (this.trace != null) {
			List<Supplier<String>> meters = new ArrayList<>();
			this.limiters.forEach((limiter) -> meters.add(() -> limiter.headroom(model)
				.map((headroom) -> headroom.meters().get(Meter.OUTPUT_TOKENS_PER_MINUTE))
				.map((meter) -> meter.limit() + ":" + Math.round(meter.available()))
				.orElse("-")));
			this.trace.sample(meters);
		}
	}

	/**
	 * Connects and runs the reserve and settle scripts once, as a running application has
	 * done before its first call. Without it, at 10x, the first scripts of a cold instance
	 * ran up to 2.5 simulated seconds after they read the simulated clock; the budget then
	 * refilled from that older time, about 800 output tokens the provider never had, and the
	 * burst at start-up drew one 429 (the scripts read the Redis server's clock in
	 * production, when they run).
	 */
	private static void warmUp(BudgetLimiter limiter, String model) {
		limiter.reserve(model, 1, 1).cancel();
	}

	private RedisBudgetStore store(int port, String keyPrefix, SimulatedTime time, int instances) {
		// fail fast while the server is down: commands sent while the connection is lost are
		// refused at once (not held until they time out), as docs/redis.md recommends
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder()
					.commandTimeout(Duration.ofSeconds(1))
					.clientOptions(ClientOptions.builder()
						.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
						.build())
					.build());
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		this.connections.add(connectionFactory);
		RedisBudgetStore store = RedisBudgetStore.builder(connectionFactory)
			.keyPrefix(keyPrefix)
			.onFailure(RedisFailureMode.LOCAL)
			.expectedInstances(instances)
			.admissionMargin(Duration.ofMillis(500))
			.observationLag(Duration.ofMillis(200))
			.timeSource(time)
			.scriptTime(time)
			.build();
		this.stores.add(store);
		if (this.trace != null) {
			int index = this.stores.size() - 1;
			store.addAvailabilityListener((changed, available) -> this.trace
				.note("instance " + index + (available ? " has Redis again" : " lost Redis")));
		}
		return store;
	}

	private Integer assignInstance() {
		return this.nextInstance.getAndIncrement() % this.limiters.size();
	}

	@Override
	public Outcome call(Prompt prompt) throws InterruptedException {
		int index = this.instance.get();
		BudgetLimiter limiter = this.limiters.get(index);
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Reservation reservation = limiter.reserve(this.model, prompt.estimatedInputTokens(), prompt.maxTokens());
			if (this.trace != null) {
				this.trace.admitted(index, prompt.maxTokens());
			}
			try {
				HttpResponseFor<Message> response = this.client.messages()
					.withRawResponse()
					.create(SdkClients.params(this.model, prompt));
				Message message = response.parse();
				reservation.complete(LlmUsage.of(message.usage().inputTokens(), message.usage().outputTokens()));
				if (this.trace != null) {
					this.trace.served(index, message.usage().outputTokens());
				}
				// after completing: the headers already count this call as settled
				reservation.observe(simulated(response.statusCode(), toMap(response.headers())));
				return SdkClients.outcome(message);
			}
			catch (RateLimitException ex) {
				reservation.observe(simulated(429, toMap(ex.headers())));
				reservation.fail(ex);
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
		if (this.trace != null) {
			this.trace.print();
		}
		this.stores.forEach(RedisBudgetStore::close);
		this.connections.forEach(LettuceConnectionFactory::destroy);
		this.client.close();
	}

	/** Without the one header the simulator writes in real time for time-scaled clients. */
	private static ProviderResponse simulated(int status, Map<String, List<String>> headers) {
		Map<String, List<String>> simulated = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		simulated.putAll(headers);
		simulated.remove(REAL_TIME_HEADER);
		return new ProviderResponse(status, simulated, null);
	}

	private static Map<String, List<String>> toMap(Headers headers) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (String name : headers.names()) {
			map.put(name, headers.values(name));
		}
		return map;
	}

}
