package dev.llmratelimit.actuate.metrics;

/**
 * Names and tags of every meter llm-ratelimit registers with Micrometer, in one place.
 * Tag values are bounded: configured or first-used model ids, meter property names and
 * the fixed values listed here; never prompts or user data.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Name</th><th>Type</th><th>Tags</th><th>Meaning</th></tr>
 * <tr><td>{@code llm.ratelimit.available}</td><td>gauge</td><td>model, meter</td><td>what the
 * meter could admit now (negative while in debt)</td></tr>
 * <tr><td>{@code llm.ratelimit.limit}</td><td>gauge</td><td>model, meter</td><td>the meter's
 * limit, configured or learned from headers</td></tr>
 * <tr><td>{@code llm.ratelimit.external-rate}</td><td>gauge</td><td>model, meter</td><td>what
 * others on the same provider key (other applications, other instances) are estimated to
 * spend of the meter, per the meter's window; registered once a response for the model is
 * observed</td></tr>
 * <tr><td>{@code llm.ratelimit.in-flight}</td><td>gauge</td><td>model</td><td>calls admitted
 * and not settled</td></tr>
 * <tr><td>{@code llm.ratelimit.waiting}</td><td>gauge</td><td>model</td><td>calls queued for
 * budget</td></tr>
 * <tr><td>{@code llm.ratelimit.calls}</td><td>counter</td><td>model, outcome</td><td>calls by
 * outcome: {@code admitted} (at once), {@code waited} (admitted after waiting),
 * {@code rejected} (refused by the limiter), {@code provider-throttled} (a 429 from the
 * provider was observed)</td></tr>
 * <tr><td>{@code llm.ratelimit.wait}</td><td>timer</td><td>model</td><td>time admitted calls
 * waited for budget, zero included</td></tr>
 * <tr><td>{@code llm.ratelimit.tokens}</td><td>counter</td><td>model, direction, kind</td>
 * <td>tokens of calls that completed with reported usage: {@code direction} is
 * {@code input} or {@code output}; {@code kind} is {@code reserved} (held at admission),
 * {@code actual} (reported by the provider, cache reads and writes included) or
 * {@code cache-read} (input read from the prompt cache)</td></tr>
 * </table>
 */
public final class LlmRateLimitMetricNames {

	/** Gauge of what a meter could admit now. */
	public static final String AVAILABLE = "llm.ratelimit.available";

	/** Gauge of a meter's limit. */
	public static final String LIMIT = "llm.ratelimit.limit";

	/** Gauge of what others on the same provider key are estimated to spend per window. */
	public static final String EXTERNAL_RATE = "llm.ratelimit.external-rate";

	/** Gauge of calls in flight. */
	public static final String IN_FLIGHT = "llm.ratelimit.in-flight";

	/** Gauge of calls waiting for budget. */
	public static final String WAITING = "llm.ratelimit.waiting";

	/** Counter of calls by outcome. */
	public static final String CALLS = "llm.ratelimit.calls";

	/** Timer of the wait for budget. */
	public static final String WAIT = "llm.ratelimit.wait";

	/** Counter of reserved and actual tokens. */
	public static final String TOKENS = "llm.ratelimit.tokens";

	/** Tag: the model id. */
	public static final String TAG_MODEL = "model";

	/** Tag: the meter's property name, such as {@code tokens-per-minute}. */
	public static final String TAG_METER = "meter";

	/** Tag of {@link #CALLS}: the call's outcome. */
	public static final String TAG_OUTCOME = "outcome";

	/** Tag of {@link #TOKENS}: {@code input} or {@code output}. */
	public static final String TAG_DIRECTION = "direction";

	/** Tag of {@link #TOKENS}: {@code reserved}, {@code actual} or {@code cache-read}. */
	public static final String TAG_KIND = "kind";

	/** Outcome of a call admitted without waiting. */
	public static final String OUTCOME_ADMITTED = "admitted";

	/** Outcome of a call admitted after waiting. */
	public static final String OUTCOME_WAITED = "waited";

	/** Outcome of a call the limiter refused. */
	public static final String OUTCOME_REJECTED = "rejected";

	/** Outcome of a call the provider refused with a rate limit. */
	public static final String OUTCOME_PROVIDER_THROTTLED = "provider-throttled";

	/** Direction of input tokens. */
	public static final String DIRECTION_INPUT = "input";

	/** Direction of output tokens. */
	public static final String DIRECTION_OUTPUT = "output";

	/** Kind of tokens held at admission. */
	public static final String KIND_RESERVED = "reserved";

	/** Kind of tokens the provider reported. */
	public static final String KIND_ACTUAL = "actual";

	/** Kind of input tokens read from the prompt cache. */
	public static final String KIND_CACHE_READ = "cache-read";

	private LlmRateLimitMetricNames() {
	}

}
