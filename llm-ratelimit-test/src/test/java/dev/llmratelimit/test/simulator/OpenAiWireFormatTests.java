package dev.llmratelimit.test.simulator;

import java.time.Duration;

import dev.llmratelimit.test.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link WireFormat#OPENAI} headers and refusals of {@link SimulatedProvider}.
 */
class OpenAiWireFormatTests {

	private static final String MODEL = "gpt-4o-mini";

	private final ManualClock clock = new ManualClock();

	private final SimulatedProvider provider = SimulatedProvider.builder()
		.wireFormat(WireFormat.OPENAI)
		.model(MODEL, SimulatedLimits.ofRequestsAndTokens(60, 150_000))
		.clock(this.clock)
		.build();

	@Test
	void admissionShouldReportRequestsAndTokensWithGoDurationResets() {
		SimulatedCall call = (SimulatedCall) this.provider.admit(new SimulatedRequest(MODEL, "x".repeat(400), 1000));
		assertThat(call.headers()).containsEntry("x-request-id", call.requestId())
			.containsEntry("x-ratelimit-limit-requests", "60")
			.containsEntry("x-ratelimit-remaining-requests", "59")
			.containsEntry("x-ratelimit-reset-requests", "1s")
			.containsEntry("x-ratelimit-limit-tokens", "150000")
			.containsEntry("x-ratelimit-remaining-tokens", "148900")
			.containsEntry("x-ratelimit-reset-tokens", "440ms")
			.doesNotContainKey("request-id");
	}

	@Test
	void refusalShouldCarryRetryAfterInSecondsAndMillisAndOpenAisMessage() {
		this.provider.admit(new SimulatedRequest(MODEL, "x".repeat(400), 148_000));
		Rejection rejection = (Rejection) this.provider.admit(new SimulatedRequest(MODEL, "x".repeat(400), 10_000));
		assertThat(rejection.meter()).isEqualTo(SimulatedMeter.TOKENS);
		assertThat(rejection.retryAfter()).isEqualTo(Duration.ofMillis(3280));
		assertThat(rejection.headers()).containsEntry("retry-after", "4")
			.containsEntry("retry-after-ms", "3280")
			.containsEntry("x-ratelimit-remaining-tokens", "1900");
		assertThat(rejection.message()).isEqualTo("Rate limit reached for gpt-4o-mini in organization org-simulated "
				+ "on tokens per min (TPM): Limit 150000, Used 148100, Requested 10100. Please try again in 3.28s.");
	}

	@Test
	void requestLargerThanTheLimitShouldBeTooLarge() {
		Rejection rejection = (Rejection) this.provider.admit(new SimulatedRequest(MODEL, "x".repeat(400), 150_000));
		assertThat(rejection.neverFits()).isTrue();
		assertThat(rejection.message()).startsWith("Request too large for gpt-4o-mini")
			.contains("Limit 150000, Requested 150100");
	}

	@Test
	void resetShouldBePrintedTheWayGoPrintsDurations() {
		assertThat(OpenAiHeaders.goDuration(0)).isEqualTo("0s");
		assertThat(OpenAiHeaders.goDuration(12_000_000)).isEqualTo("12ms");
		assertThat(OpenAiHeaders.goDuration(1_000_000_000)).isEqualTo("1s");
		assertThat(OpenAiHeaders.goDuration(51_189_000_000L)).isEqualTo("51.189s");
		assertThat(OpenAiHeaders.goDuration(360_000_000_000L)).isEqualTo("6m0s");
		assertThat(OpenAiHeaders.goDuration(179_560_000_000L)).isEqualTo("2m59.56s");
		assertThat(OpenAiHeaders.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
	}

}
