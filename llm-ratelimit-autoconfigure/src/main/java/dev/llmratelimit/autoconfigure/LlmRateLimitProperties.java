package dev.llmratelimit.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.LimiterSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * Configuration properties of llm-ratelimit, under {@code llm.ratelimit}.
 */
@ConfigurationProperties("llm.ratelimit")
public class LlmRateLimitProperties {

	/**
	 * Whether rate limiting of LLM calls is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Longest time a call waits for budget before it fails; 0 fails at once when budget
	 * is short.
	 */
	private Duration maxWait = LimiterSettings.DEFAULT_MAX_WAIT;

	/**
	 * Where budgets are kept: in this instance's memory, or in Redis to share them
	 * between instances.
	 */
	private Store store = Store.MEMORY;

	/**
	 * How long a reservation that is never settled holds its budget before it expires.
	 */
	private Duration leaseTimeout = LimiterSettings.DEFAULT_LEASE_TIMEOUT;

	/**
	 * Refill time an in-memory budget holds back when it admits a call, so that the
	 * provider, which charges the call a little later, is never behind it. Shifts the
	 * level once, not the rate.
	 */
	private Duration admissionMargin = LimiterSettings.DEFAULT_ADMISSION_MARGIN;

	/**
	 * Whether a model that is not configured gets a budget on first use, unlimited until
	 * the provider's headers reveal its limits. When false, calls to it fail.
	 */
	private boolean allowUnconfiguredModels = true;

	/**
	 * Most models created on first use (not configured) that have a budget at a time. A
	 * call for yet another such model fails with an IllegalArgumentException, unless one
	 * that went idle can be forgotten to make room.
	 */
	private int maxUnconfiguredModels = LimiterSettings.DEFAULT_MAX_UNCONFIGURED_MODELS;

	/**
	 * How long a model created on first use must go unused before it is forgotten, at the
	 * first call after it (at least the lease timeout).
	 */
	private Duration unconfiguredModelIdleTimeout = LimiterSettings.DEFAULT_UNCONFIGURED_MODEL_IDLE_TIMEOUT;

	/**
	 * Limits per model id. Ids that contain dots need brackets, for example
	 * "[gpt-4.1-mini]".
	 */
	private Map<String, Model> models = new LinkedHashMap<>();

	/**
	 * How long before an observed response this instance's own calls, counted from the
	 * moment their requests left (their admission when the integration cannot tell), are
	 * taken as not yet seen by the provider, and subtracted from the remaining budget it
	 * reports: about one network transit. Applies to in-memory budgets.
	 */
	private Duration observationLag = LimiterSettings.DEFAULT_OBSERVATION_LAG;

	private final Calibration calibration = new Calibration();

	private final Retry retry = new Retry();

	private final Http http = new Http();

	private final Dashboard dashboard = new Dashboard();

	private final Anthropic anthropic = new Anthropic();

	private final OpenAi openai = new OpenAi();

	private final SpringAi springAi = new SpringAi();

	private final LangChain4j langchain4j = new LangChain4j();

	private final Sdk sdk = new Sdk();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getMaxWait() {
		return this.maxWait;
	}

	public void setMaxWait(Duration maxWait) {
		this.maxWait = maxWait;
	}

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public Duration getAdmissionMargin() {
		return this.admissionMargin;
	}

	public void setAdmissionMargin(Duration admissionMargin) {
		this.admissionMargin = admissionMargin;
	}

	public Duration getLeaseTimeout() {
		return this.leaseTimeout;
	}

	public void setLeaseTimeout(Duration leaseTimeout) {
		this.leaseTimeout = leaseTimeout;
	}

	public boolean isAllowUnconfiguredModels() {
		return this.allowUnconfiguredModels;
	}

	public void setAllowUnconfiguredModels(boolean allowUnconfiguredModels) {
		this.allowUnconfiguredModels = allowUnconfiguredModels;
	}

	public int getMaxUnconfiguredModels() {
		return this.maxUnconfiguredModels;
	}

	public void setMaxUnconfiguredModels(int maxUnconfiguredModels) {
		this.maxUnconfiguredModels = maxUnconfiguredModels;
	}

	public Duration getUnconfiguredModelIdleTimeout() {
		return this.unconfiguredModelIdleTimeout;
	}

	public void setUnconfiguredModelIdleTimeout(Duration unconfiguredModelIdleTimeout) {
		this.unconfiguredModelIdleTimeout = unconfiguredModelIdleTimeout;
	}

	public Map<String, Model> getModels() {
		return this.models;
	}

	public void setModels(Map<String, Model> models) {
		this.models = models;
	}

	public Duration getObservationLag() {
		return this.observationLag;
	}

	public void setObservationLag(Duration observationLag) {
		this.observationLag = observationLag;
	}

	public Calibration getCalibration() {
		return this.calibration;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Http getHttp() {
		return this.http;
	}

	public Dashboard getDashboard() {
		return this.dashboard;
	}

	public Anthropic getAnthropic() {
		return this.anthropic;
	}

	public OpenAi getOpenai() {
		return this.openai;
	}

	public SpringAi getSpringAi() {
		return this.springAi;
	}

	public LangChain4j getLangchain4j() {
		return this.langchain4j;
	}

	public Sdk getSdk() {
		return this.sdk;
	}

	/**
	 * Self-calibration of input estimates.
	 */
	public static class Calibration {

		/**
		 * Whether each model's input estimates are scaled by the ratio of the input tokens
		 * the provider reported to those estimated (learned per model, between 0.5 and 4).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Retries of {@code @LlmRateLimited} calls refused by the provider's rate limit.
	 */
	public static class Retry {

		/**
		 * Most times a call refused with a provider rate-limit 429 is tried again, after
		 * the provider's retry-after; 0 never retries.
		 */
		private int maxAttempts;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

	}

	/**
	 * Hooks in Spring's HTTP clients that report every provider response to the limiter.
	 */
	public static class Http {

		/**
		 * Whether RestClient and WebClient builders get a hook that reports the rate-limit
		 * headers and 429s of every response to the limiter.
		 */
		private boolean enabled = true;

		/**
		 * Most bytes of a response body read to find its top-level "model" field when the
		 * request body names none, and of the part of a WebClient request body written
		 * first. RestClient request bodies are read whole.
		 */
		private int maxModelScan = 4096;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxModelScan() {
			return this.maxModelScan;
		}

		public void setMaxModelScan(int maxModelScan) {
			this.maxModelScan = maxModelScan;
		}

	}

	/**
	 * The official Anthropic Java SDK.
	 */
	public static class Anthropic {

		/**
		 * Whether the rate limiter understands the Anthropic SDK's requests, responses and
		 * errors.
		 */
		private boolean enabled = true;

		/**
		 * Whether Anthropic SDK client beans report the rate-limit headers of their
		 * responses to the limiter.
		 */
		private boolean observeClients = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isObserveClients() {
			return this.observeClients;
		}

		public void setObserveClients(boolean observeClients) {
			this.observeClients = observeClients;
		}

	}

	/**
	 * The official OpenAI Java SDK.
	 */
	public static class OpenAi {

		/**
		 * Whether the rate limiter understands the OpenAI SDK's requests, responses and
		 * errors.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Spring AI.
	 */
	public static class SpringAi {

		/**
		 * Whether the rate limiter understands Spring AI's prompts and chat responses.
		 */
		private boolean enabled = true;

		private final Advisor advisor = new Advisor();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Advisor getAdvisor() {
			return this.advisor;
		}

		/**
		 * The advisor added to Spring AI's auto-configured ChatClient.Builder.
		 */
		public static class Advisor {

			/**
			 * Whether the rate-limiting advisor is added to Spring AI's auto-configured
			 * ChatClient.Builder.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * LangChain4j.
	 */
	public static class LangChain4j {

		/**
		 * Whether the rate limiter understands LangChain4j's chat requests, responses and
		 * errors.
		 */
		private boolean enabled = true;

		private final ChatModel chatModel = new ChatModel();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public ChatModel getChatModel() {
			return this.chatModel;
		}

		/**
		 * Decoration of LangChain4j ChatModel beans.
		 */
		public static class ChatModel {

			/**
			 * Whether LangChain4j ChatModel beans are decorated to stay inside their rate
			 * limits.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * Former home of the Anthropic SDK's client setting.
	 */
	public static class Sdk {

		/**
		 * Whether Anthropic SDK client beans report the rate-limit headers of their
		 * responses to the limiter.
		 */
		private boolean observeClients = true;

		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "llm.ratelimit.anthropic.observe-clients", since = "0.1.0")
		public boolean isObserveClients() {
			return this.observeClients;
		}

		@Deprecated(since = "0.1.0")
		public void setObserveClients(boolean observeClients) {
			this.observeClients = observeClients;
		}

	}

	/**
	 * The live dashboard page served by the application.
	 */
	public static class Dashboard {

		/**
		 * Whether the application serves the live dashboard of its budgets (meters, queues,
		 * routes, tenants and advice), read from the llmlimits endpoint.
		 */
		private boolean enabled;

		/**
		 * Path the dashboard is served at.
		 */
		private String path = "/llm-ratelimit";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * Where budgets are kept.
	 */
	public enum Store {

		/** In this instance's memory. */
		MEMORY,

		/** In Redis, shared by every instance. */
		REDIS

	}

	/**
	 * Limits and accounting settings of one model.
	 */
	public static class Model {

		/**
		 * Provider whose accounting rules and rate-limit headers apply, for example
		 * anthropic or openai. Detected from the response headers when not set.
		 */
		private String provider;

		/**
		 * Requests that may start per minute.
		 */
		private Long requestsPerMinute;

		/**
		 * Input and output tokens together per minute.
		 */
		private Long tokensPerMinute;

		/**
		 * Input tokens per minute.
		 */
		private Long inputTokensPerMinute;

		/**
		 * Output tokens per minute.
		 */
		private Long outputTokensPerMinute;

		/**
		 * Requests that may start per day.
		 */
		private Long requestsPerDay;

		/**
		 * Input and output tokens together per day.
		 */
		private Long tokensPerDay;

		/**
		 * Requests that may be in flight at the same time.
		 */
		private Long maxConcurrentRequests;

		/**
		 * Output tokens reserved for a call that does not state its max tokens.
		 */
		private long defaultMaxTokens = ModelLimits.DEFAULT_MAX_TOKENS;

		/**
		 * Other model ids that share this model's budget.
		 */
		private List<String> aliases = new ArrayList<>();

		/**
		 * Spacing of request starts, so that a burst of callers trickles out.
		 */
		private final Pacing pacing = new Pacing();

		/**
		 * How output tokens are reserved at admission: the call's max tokens, or the
		 * output the model is expected to produce.
		 */
		private ModelLimits.OutputReservation outputReservation = ModelLimits.OutputReservation.MAX_TOKENS;

		/**
		 * Whether input tokens read from the provider's prompt cache count toward the
		 * input token meters. The provider's rule applies when not set.
		 */
		private Boolean cacheReadsCountAsInput;

		/**
		 * How input and output combine on the tokens-per-minute meter at admission: their
		 * sum, or the larger of the two. The provider's rule applies when not set.
		 */
		private ModelLimits.InputOutputCost inputOutputCost;

		/**
		 * Models tried, in order, when this one cannot admit a call within fallback-after,
		 * is cooling down after a 429, or can never fit the call. A call goes to the first
		 * that admits it sooner; when none does, it waits here.
		 */
		private List<String> fallbacks = new ArrayList<>();

		/**
		 * Longest wait on this model before a call is routed to a fallback that admits it
		 * sooner; 0 routes as soon as this model cannot admit at once.
		 */
		private Duration fallbackAfter = Duration.ZERO;

		/**
		 * Share of each meter's limit that low-priority calls may not take, kept for the
		 * others; from 0 to below 1.
		 */
		private double lowPriorityReserve = ModelLimits.DEFAULT_LOW_PRIORITY_RESERVE;

		/**
		 * Largest share of any meter's limit that the calls of one key (a tenant) may hold,
		 * above 0 and at most 1. Keys are not capped when not set.
		 */
		private Double maxSharePerKey;

		/**
		 * When the requests-per-day and tokens-per-day meters get their budget back:
		 * rolling (a day's limit refills continuously over 24 hours) or calendar (all of it
		 * at the start of each day in daily-reset-zone, as providers with a fixed daily
		 * reset do).
		 */
		private ModelLimits.DailyReset dailyReset = ModelLimits.DailyReset.ROLLING;

		/**
		 * Time zone of the calendar day when daily-reset is calendar, for example
		 * America/Los_Angeles.
		 */
		private ZoneId dailyResetZone = ZoneOffset.UTC;

		/**
		 * Whether to estimate what others spend of the same provider budget (another
		 * application or developer on the same API key, other instances) from the
		 * provider's remaining figures, and to leave them room.
		 */
		private boolean externalConsumption = true;

		public ModelLimits.DailyReset getDailyReset() {
			return this.dailyReset;
		}

		public void setDailyReset(ModelLimits.DailyReset dailyReset) {
			this.dailyReset = dailyReset;
		}

		public ZoneId getDailyResetZone() {
			return this.dailyResetZone;
		}

		public void setDailyResetZone(ZoneId dailyResetZone) {
			this.dailyResetZone = dailyResetZone;
		}

		public boolean isExternalConsumption() {
			return this.externalConsumption;
		}

		public void setExternalConsumption(boolean externalConsumption) {
			this.externalConsumption = externalConsumption;
		}

		public String getProvider() {
			return this.provider;
		}

		public void setProvider(String provider) {
			this.provider = provider;
		}

		public Long getRequestsPerMinute() {
			return this.requestsPerMinute;
		}

		public void setRequestsPerMinute(Long requestsPerMinute) {
			this.requestsPerMinute = requestsPerMinute;
		}

		public Long getTokensPerMinute() {
			return this.tokensPerMinute;
		}

		public void setTokensPerMinute(Long tokensPerMinute) {
			this.tokensPerMinute = tokensPerMinute;
		}

		public Long getInputTokensPerMinute() {
			return this.inputTokensPerMinute;
		}

		public void setInputTokensPerMinute(Long inputTokensPerMinute) {
			this.inputTokensPerMinute = inputTokensPerMinute;
		}

		public Long getOutputTokensPerMinute() {
			return this.outputTokensPerMinute;
		}

		public void setOutputTokensPerMinute(Long outputTokensPerMinute) {
			this.outputTokensPerMinute = outputTokensPerMinute;
		}

		public Long getRequestsPerDay() {
			return this.requestsPerDay;
		}

		public void setRequestsPerDay(Long requestsPerDay) {
			this.requestsPerDay = requestsPerDay;
		}

		public Long getTokensPerDay() {
			return this.tokensPerDay;
		}

		public void setTokensPerDay(Long tokensPerDay) {
			this.tokensPerDay = tokensPerDay;
		}

		public Long getMaxConcurrentRequests() {
			return this.maxConcurrentRequests;
		}

		public void setMaxConcurrentRequests(Long maxConcurrentRequests) {
			this.maxConcurrentRequests = maxConcurrentRequests;
		}

		public long getDefaultMaxTokens() {
			return this.defaultMaxTokens;
		}

		public void setDefaultMaxTokens(long defaultMaxTokens) {
			this.defaultMaxTokens = defaultMaxTokens;
		}

		public List<String> getAliases() {
			return this.aliases;
		}

		public void setAliases(List<String> aliases) {
			this.aliases = aliases;
		}

		public Pacing getPacing() {
			return this.pacing;
		}

		public ModelLimits.OutputReservation getOutputReservation() {
			return this.outputReservation;
		}

		public void setOutputReservation(ModelLimits.OutputReservation outputReservation) {
			this.outputReservation = outputReservation;
		}

		public Boolean getCacheReadsCountAsInput() {
			return this.cacheReadsCountAsInput;
		}

		public void setCacheReadsCountAsInput(Boolean cacheReadsCountAsInput) {
			this.cacheReadsCountAsInput = cacheReadsCountAsInput;
		}

		public ModelLimits.InputOutputCost getInputOutputCost() {
			return this.inputOutputCost;
		}

		public void setInputOutputCost(ModelLimits.InputOutputCost inputOutputCost) {
			this.inputOutputCost = inputOutputCost;
		}

		public List<String> getFallbacks() {
			return this.fallbacks;
		}

		public void setFallbacks(List<String> fallbacks) {
			this.fallbacks = fallbacks;
		}

		public Duration getFallbackAfter() {
			return this.fallbackAfter;
		}

		public void setFallbackAfter(Duration fallbackAfter) {
			this.fallbackAfter = fallbackAfter;
		}

		public double getLowPriorityReserve() {
			return this.lowPriorityReserve;
		}

		public void setLowPriorityReserve(double lowPriorityReserve) {
			this.lowPriorityReserve = lowPriorityReserve;
		}

		public Double getMaxSharePerKey() {
			return this.maxSharePerKey;
		}

		public void setMaxSharePerKey(Double maxSharePerKey) {
			this.maxSharePerKey = maxSharePerKey;
		}

	}

	/**
	 * Spacing of a model's request starts.
	 */
	public static class Pacing {

		/**
		 * Whether request starts are spaced at least the pacing interval apart.
		 */
		private boolean enabled;

		/**
		 * Minimum time between two request starts. Defaults to one minute divided by
		 * requests-per-minute.
		 */
		private Duration interval;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

}
