package dev.llmratelimit.sample.chat;

import java.time.Duration;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRequestTooLargeException;
import dev.llmratelimit.Meter;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatExceptionHandler}.
 */
class ChatExceptionHandlerTests {

	private final ChatExceptionHandler handler = new ChatExceptionHandler();

	@Test
	void rateLimitExceededShouldBecome429WithRetryAfterRoundedUp() {
		ResponseEntity<ProblemDetail> response = this.handler.rateLimitExceeded(new LlmRateLimitExceededException(
				"claude-sonnet-4-5", Meter.OUTPUT_TOKENS_PER_MINUTE, Duration.ofMillis(2400)));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("3");
		assertThat(response.getBody().getProperties()).containsEntry("model", "claude-sonnet-4-5")
			.containsEntry("meter", "output-tokens-per-minute")
			.containsEntry("retryAfterSeconds", 3L);
		assertThat(response.getBody().getDetail()).contains("claude-sonnet-4-5");
	}

	@Test
	void rateLimitExceededWithoutWaitShouldAskToRetryAfterOneSecond() {
		ResponseEntity<ProblemDetail> response = this.handler.rateLimitExceeded(
				new LlmRateLimitExceededException("claude-sonnet-4-5", Meter.CONCURRENT_REQUESTS, Duration.ZERO));
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
	}

	@Test
	void rateLimitExceededByAProviderCooldownShouldNameNoMeter() {
		ResponseEntity<ProblemDetail> response = this.handler
			.rateLimitExceeded(new LlmRateLimitExceededException("claude-sonnet-4-5", null, Duration.ofSeconds(7)));
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("7");
		assertThat(response.getBody().getProperties()).containsEntry("meter", null);
	}

	@Test
	void requestTooLargeShouldBecome413NamingTheMeterAndLimit() {
		ResponseEntity<ProblemDetail> response = this.handler.requestTooLarge(new LlmRequestTooLargeException(
				"claude-sonnet-4-5", Meter.OUTPUT_TOKENS_PER_MINUTE, 9000, 8000));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(response.getBody().getProperties()).containsEntry("meter", "output-tokens-per-minute")
			.containsEntry("cost", 9000L)
			.containsEntry("limit", 8000L);
	}

}
