package dev.llmratelimit.actuate.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmratelimit.Headroom;
import dev.llmratelimit.Headroom.MeterHeadroom;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Meter;
import dev.llmratelimit.actuate.internal.LlmCallCounts.CallCounts;
import dev.llmratelimit.core.internal.RateLimitAdvice;
import dev.llmratelimit.core.internal.RateLimitAdvice.CacheSavings;
import dev.llmratelimit.core.internal.RateLimitAdvice.MaxTokensAudit;
import dev.llmratelimit.store.StoreHealth;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} showing the budget store in use and the live headroom of every
 * model: per meter its limit,
 * what is available now and where the limit came from, the binding meter, calls in flight
 * and waiting, any provider cooldown, and the learned input estimate ratio. With an {@link LlmRateLimitAdvisor} it adds the
 * advice computed from the observed calls (sustainable rate, recommended concurrency,
 * max-tokens audit, cache savings), and with {@link LlmCallCounts} the calls by outcome.
 */
@Endpoint(id = "llmlimits")
public class LlmLimitsEndpoint {

	private final LlmRateLimiter limiter;

	private final LlmRateLimitAdvisor advisor;

	private final LlmCallCounts counts;

	private final StoreHealth store;

	/**
	 * Creates the endpoint showing headroom only.
	 * @param limiter the limiter whose budgets are shown
	 */
	public LlmLimitsEndpoint(LlmRateLimiter limiter) {
		this(limiter, null, null, null);
	}

	/**
	 * Creates the endpoint.
	 * @param limiter the limiter whose budgets are shown
	 * @param advisor the advice on each model, or {@code null} to show none
	 * @param counts the calls by outcome, or {@code null} to show none
	 * @param store the store holding the budgets, or {@code null} when not known
	 */
	public LlmLimitsEndpoint(LlmRateLimiter limiter, LlmRateLimitAdvisor advisor, LlmCallCounts counts,
			StoreHealth store) {
		this.limiter = limiter;
		this.advisor = advisor;
		this.counts = counts;
		this.store = store;
	}

	/**
	 * The store in use and the headroom of every model with a budget.
	 * @return the store and the models, in registration order
	 */
	@ReadOperation
	public ModelsDescriptor models() {
		Map<String, ModelDescriptor> models = new LinkedHashMap<>();
		this.limiter.headroom().forEach((id, headroom) -> models.put(id, describe(headroom)));
		StoreDescriptor store = (this.store != null) ? StoreDescriptor.of(this.store) : null;
		return new ModelsDescriptor(store, Collections.unmodifiableMap(models));
	}

	/**
	 * Headroom of one model.
	 * @param model the model id (or an alias)
	 * @return the model, or {@code null} when it has no budget (404 over HTTP)
	 */
	@ReadOperation
	public ModelDescriptor model(@Selector String model) {
		return this.limiter.headroom(model).map(this::describe).orElse(null);
	}

	private ModelDescriptor describe(Headroom headroom) {
		CallCounts calls = (this.counts != null) ? this.counts.counts(headroom.model()) : null;
		RateLimitAdvice advice = (this.advisor != null) ? this.advisor.advice(headroom.model()).orElse(null) : null;
		return ModelDescriptor.of(headroom, calls, advice);
	}

	/**
	 * The store in use and the headroom of every model.
	 *
	 * @param store the store holding the budgets, or {@code null} when not known
	 * @param models headroom by model id
	 */
	public record ModelsDescriptor(StoreDescriptor store, Map<String, ModelDescriptor> models)
			implements OperationResponseBody {
	}

	/**
	 * The store holding the budgets.
	 *
	 * @param name {@code memory}, {@code redis} or the name of a custom store
	 * @param available whether it can be reached now (while it cannot, calls run on its
	 * failure policy)
	 */
	public record StoreDescriptor(String name, boolean available) {

		static StoreDescriptor of(StoreHealth store) {
			return new StoreDescriptor(store.name(), store.isAvailable());
		}

	}

	/**
	 * Headroom of one model, with the advice on its limits when there is an advisor. The
	 * advice fields are {@code null} without an advisor or until calls were observed.
	 *
	 * @param provider the provider dialect in use, or {@code null} while unknown
	 * @param meters headroom by meter name ({@code requests-per-minute}, ...)
	 * @param bindingMeter the meter closest to exhaustion now, or {@code null}
	 * @param inFlight calls admitted and not yet settled
	 * @param waiting calls queued for budget
	 * @param cooldownUntil end of a provider cooldown, or {@code null}
	 * @param calls calls by outcome since start, or {@code null}
	 * @param observedCalls settled calls the advice is based on
	 * @param requestsPerMinuteByMeter requests per minute each meter sustains at the
	 * observed mean cost per call
	 * @param sustainableRateMeter the meter sustaining the fewest requests per minute: the
	 * one that binds over time at the observed cost per call
	 * @param sustainableRequestsPerMinute the requests per minute that meter sustains
	 * @param meanLatencyMillis mean call latency, from admission to settlement
	 * @param recommendedConcurrency calls to run at once (Little's law, capped by the
	 * concurrency limit)
	 * @param maxTokensAudit reserved against produced output tokens, for the model and per
	 * call site
	 * @param cacheSavings input tokens served from the prompt cache
	 * @param inputEstimateRatio factor applied to input estimates, learned from reported
	 * usage, to three decimals
	 * @param waitingByPriority calls queued per priority ({@code high}, {@code normal},
	 * {@code low}); empty when the store does not rank calls
	 * @param keys keys (tenants) holding most of their share of a meter, the fullest first;
	 * empty when keys are not capped
	 */
	public record ModelDescriptor(String provider, Map<String, MeterDescriptor> meters, String bindingMeter,
			int inFlight, int waiting, @JsonInclude(JsonInclude.Include.ALWAYS) Instant cooldownUntil,
			CallsDescriptor calls, Integer observedCalls,
			Map<String, Double> requestsPerMinuteByMeter, String sustainableRateMeter,
			Double sustainableRequestsPerMinute, Double meanLatencyMillis, Integer recommendedConcurrency,
			MaxTokensAuditDescriptor maxTokensAudit, CacheSavingsDescriptor cacheSavings, double inputEstimateRatio,
			Map<String, Integer> waitingByPriority, Map<String, KeyShareDescriptor> keys)
			implements OperationResponseBody {

		static ModelDescriptor of(Headroom headroom, CallCounts calls, RateLimitAdvice advice) {
			Map<String, MeterDescriptor> meters = new LinkedHashMap<>();
			headroom.meters().forEach((meter, meterHeadroom) -> meters.put(meter.propertyName(),
					MeterDescriptor.of(meterHeadroom)));
			Meter binding = headroom.bindingMeter();
			boolean advised = advice != null;
			return new ModelDescriptor(headroom.provider(), Collections.unmodifiableMap(meters),
					(binding != null) ? binding.propertyName() : null, headroom.inFlight(), headroom.waiting(),
					headroom.cooldownUntil(), (calls != null) ? CallsDescriptor.of(calls) : null,
					advised ? advice.observedCalls() : null,
					advised ? rounded(advice.requestsPerMinuteByMeter()) : null,
					advised ? advice.bindingMeter() : null,
					advised ? Rounding.tenths(advice.sustainableRequestsPerMinute()) : null,
					advised ? Rounding.tenths(advice.meanLatencyMillis()) : null,
					advised ? advice.recommendedConcurrency() : null,
					advised ? MaxTokensAuditDescriptor.of(advice) : null,
					advised ? CacheSavingsDescriptor.of(advice.cacheSavings()) : null,
					Math.round(headroom.inputEstimateRatio() * 1000) / 1000.0, waitingByPriority(headroom),
					keys(headroom));
		}

		private static Map<String, Integer> waitingByPriority(Headroom headroom) {
			Map<String, Integer> waiting = new LinkedHashMap<>();
			headroom.waitingByPriority()
				.forEach((priority, count) -> waiting.put(priority.name().toLowerCase(Locale.ROOT), count));
			return Collections.unmodifiableMap(waiting);
		}

		private static Map<String, KeyShareDescriptor> keys(Headroom headroom) {
			Map<String, KeyShareDescriptor> keys = new LinkedHashMap<>();
			headroom.keysNearShare().forEach((key) -> keys.put(key.key(), KeyShareDescriptor.of(key)));
			return Collections.unmodifiableMap(keys);
		}

		private static Map<String, Double> rounded(Map<String, Double> values) {
			Map<String, Double> rounded = new LinkedHashMap<>();
			values.forEach((name, value) -> rounded.put(name, Rounding.tenths(value)));
			return Collections.unmodifiableMap(rounded);
		}

	}

	/**
	 * A key (a tenant) near its share of the model's meters.
	 *
	 * @param meter the meter it holds the largest part of
	 * @param share the part of that meter's limit it holds, to three decimals
	 * @param maxShare the most it may hold ({@code max-share-per-key})
	 */
	public record KeyShareDescriptor(String meter, double share, double maxShare) {

		static KeyShareDescriptor of(Headroom.KeyHeadroom key) {
			return new KeyShareDescriptor(key.meter().propertyName(), Math.round(key.share() * 1000) / 1000.0,
					key.maxShare());
		}

	}

	/**
	 * Headroom of one meter.
	 *
	 * @param limit the meter's limit
	 * @param available what it could admit now, to one decimal
	 * @param source {@code config} or {@code headers}
	 * @param externalRate what others on the same provider key are estimated to spend per
	 * the meter's window, to one decimal (zero when nobody else is seen)
	 */
	public record MeterDescriptor(long limit, double available, String source, double externalRate) {

		static MeterDescriptor of(MeterHeadroom headroom) {
			return new MeterDescriptor(headroom.limit(), Rounding.tenths(headroom.available()),
					headroom.source().jsonName(), Rounding.tenths(headroom.externalRate()));
		}

	}

	/**
	 * A model's calls by outcome since start (the {@code llm.ratelimit.calls} outcomes).
	 *
	 * @param admitted calls admitted without waiting
	 * @param waited calls admitted after waiting for budget
	 * @param rejected calls the limiter refused
	 * @param providerThrottled provider refusals (429) observed
	 * @param waitedMillis time the waiting calls waited, summed
	 * @param routedTo calls routed to each fallback model because this one could not admit
	 * them in time
	 */
	public record CallsDescriptor(long admitted, long waited, long rejected, long providerThrottled,
			long waitedMillis, Map<String, Long> routedTo) {

		static CallsDescriptor of(CallCounts counts) {
			return new CallsDescriptor(counts.admitted(), counts.waited(), counts.rejected(),
					counts.providerThrottled(), counts.waitedMillis(), counts.routedTo());
		}

	}

	/**
	 * Output tokens reserved against produced, and what a tighter max tokens would free.
	 *
	 * @param calls calls audited
	 * @param reservedMaxTokens mean output tokens reserved per call
	 * @param meanOutputTokens mean output tokens produced per call
	 * @param p95OutputTokens 95th percentile of produced output tokens
	 * @param p99OutputTokens 99th percentile of produced output tokens
	 * @param maxOutputTokens most output tokens one call produced
	 * @param suggestedMaxTokens the 99th percentile plus 25%, never more than reserved now
	 * @param freedTokensPerCall output tokens each call would stop holding with the
	 * suggested max tokens
	 * @param callSites the same audit per call site (annotated method); {@code null} in
	 * the audit of a call site
	 */
	public record MaxTokensAuditDescriptor(int calls, double reservedMaxTokens, double meanOutputTokens,
			long p95OutputTokens, long p99OutputTokens, long maxOutputTokens, long suggestedMaxTokens,
			double freedTokensPerCall, Map<String, MaxTokensAuditDescriptor> callSites) {

		static MaxTokensAuditDescriptor of(RateLimitAdvice advice) {
			if (advice.maxTokensAudit() == null) {
				return null;
			}
			Map<String, MaxTokensAuditDescriptor> callSites = new LinkedHashMap<>();
			advice.callSites().forEach((site, audit) -> callSites.put(site, of(audit, null)));
			return of(advice.maxTokensAudit(), Collections.unmodifiableMap(callSites));
		}

		private static MaxTokensAuditDescriptor of(MaxTokensAudit audit, Map<String, MaxTokensAuditDescriptor> sites) {
			return new MaxTokensAuditDescriptor(audit.calls(), Rounding.tenths(audit.reservedMaxTokens()),
					Rounding.tenths(audit.meanOutputTokens()), audit.p95OutputTokens(), audit.p99OutputTokens(),
					audit.maxOutputTokens(), audit.suggestedMaxTokens(), Rounding.tenths(audit.freedTokensPerCall()),
					sites);
		}

	}

	/**
	 * Input tokens the provider served from its prompt cache.
	 *
	 * @param inputTokens all input tokens reported (cache reads and writes included)
	 * @param cacheReadInputTokens input tokens read from the cache
	 * @param uncountedInputTokens input tokens that did not count toward input meters
	 * @param uncountedFraction share of the input that did not count, to three decimals
	 */
	public record CacheSavingsDescriptor(long inputTokens, long cacheReadInputTokens, long uncountedInputTokens,
			double uncountedFraction) {

		static CacheSavingsDescriptor of(CacheSavings savings) {
			if (savings == null) {
				return null;
			}
			return new CacheSavingsDescriptor(savings.inputTokens(), savings.cacheReadInputTokens(),
					savings.uncountedInputTokens(), Math.round(savings.uncountedFraction() * 1000) / 1000.0);
		}

	}

	/** Rounds for people reading the JSON. */
	private static final class Rounding {

		private Rounding() {
		}

		static double tenths(double value) {
			return Math.round(value * 10) / 10.0;
		}

		static Double tenths(Double value) {
			return (value != null) ? tenths(value.doubleValue()) : null;
		}

	}

}
