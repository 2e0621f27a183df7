package dev.llmratelimit.springai.internal;

import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmratelimit.ProviderResponse;

import org.springframework.ai.chat.metadata.RateLimit;

/**
 * Turns Spring AI's {@link RateLimit} metadata back into the headers the provider sent, so
 * that the provider's dialect reads them as it reads a raw response. Spring AI's
 * {@code AnthropicRateLimit} becomes {@code anthropic-ratelimit-*} headers (reset as an
 * RFC 3339 instant, with its input and output token meters); any other becomes OpenAI's
 * {@code x-ratelimit-*} headers (reset as a duration such as {@code 1500ms}).
 */
final class SpringAiRateLimitHeaders {

	private static final String ANTHROPIC_TYPE = "AnthropicRateLimit";

	private final Clock clock;

	SpringAiRateLimitHeaders(Clock clock) {
		this.clock = clock;
	}

	Optional<ProviderResponse> toResponse(RateLimit rateLimit) {
		if (rateLimit == null) {
			return Optional.empty();
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		if (rateLimit.getClass().getSimpleName().equals(ANTHROPIC_TYPE)) {
			Instant now = this.clock.instant();
			anthropic(headers, now, "requests", rateLimit.getRequestsLimit(), rateLimit.getRequestsRemaining(),
					rateLimit.getRequestsReset());
			anthropic(headers, now, "tokens", rateLimit.getTokensLimit(), rateLimit.getTokensRemaining(),
					rateLimit.getTokensReset());
			for (String meter : List.of("input-tokens", "output-tokens")) {
				String property = meter.equals("input-tokens") ? "InputTokens" : "OutputTokens";
				anthropic(headers, now, meter, read(rateLimit, "get" + property + "Limit", Long.class),
						read(rateLimit, "get" + property + "Remaining", Long.class),
						read(rateLimit, "get" + property + "Reset", Duration.class));
			}
		}
		else {
			openAi(headers, "requests", rateLimit.getRequestsLimit(), rateLimit.getRequestsRemaining(),
					rateLimit.getRequestsReset());
			openAi(headers, "tokens", rateLimit.getTokensLimit(), rateLimit.getTokensRemaining(),
					rateLimit.getTokensReset());
		}
		return headers.isEmpty() ? Optional.empty() : Optional.of(ProviderResponse.ok(headers));
	}

	private static void anthropic(Map<String, List<String>> headers, Instant now, String meter, Long limit,
			Long remaining, Duration reset) {
		if (!isKnown(limit)) {
			return;
		}
		String prefix = "anthropic-ratelimit-" + meter;
		headers.put(prefix + "-limit", List.of(limit.toString()));
		if (remaining != null) {
			headers.put(prefix + "-remaining", List.of(remaining.toString()));
		}
		if (reset != null) {
			headers.put(prefix + "-reset", List.of(now.plus(reset).truncatedTo(ChronoUnit.SECONDS).toString()));
		}
	}

	private static void openAi(Map<String, List<String>> headers, String meter, Long limit, Long remaining,
			Duration reset) {
		if (!isKnown(limit)) {
			return;
		}
		headers.put("x-ratelimit-limit-" + meter, List.of(limit.toString()));
		if (remaining != null) {
			headers.put("x-ratelimit-remaining-" + meter, List.of(remaining.toString()));
		}
		if (reset != null) {
			headers.put("x-ratelimit-reset-" + meter, List.of(reset.toMillis() + "ms"));
		}
	}

	private static boolean isKnown(Long limit) {
		return limit != null && limit > 0;
	}

	private static <T> T read(RateLimit rateLimit, String getter, Class<T> type) {
		try {
			Method method = rateLimit.getClass().getMethod(getter);
			Object value = method.invoke(rateLimit);
			return type.isInstance(value) ? type.cast(value) : null;
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

}
