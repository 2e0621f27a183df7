package dev.llmratelimit.guard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for calls of {@link LlmCallTemplate} routed to a fallback: the body runs on the
 * model the call was reserved on, and settles that model's budget.
 */
class RoutedTemplateCallTests {

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(new ManualTimeSource())
		.model(ModelLimits.builder("small").limit(Meter.REQUESTS_PER_MINUTE, 1).fallbacks(List.of("large")).build())
		.model(ModelLimits.builder("large").limit(Meter.REQUESTS_PER_MINUTE, 10).build())
		.build();

	private final LlmCallTemplate template = LlmCallTemplate.builder(this.limiter).build();

	@Test
	void bodyOfARoutedCallRunsOnTheFallbackAndTheCurrentReservationSaysSo() {
		List<String> models = new ArrayList<>();
		List<Boolean> routed = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			this.template.call(ReservationRequest.builder("small").maxTokens(1).maxWait(Duration.ZERO).build(),
					(model) -> {
						Reservation reservation = ReservationContext.current().orElseThrow();
						models.add(model);
						routed.add(reservation.isRouted());
						return LlmUsage.of(0, 1);
					});
		}
		assertThat(models).containsExactly("small", "large");
		assertThat(routed).containsExactly(false, true);
		assertThat(this.limiter.headroom("large").orElseThrow().meters().get(Meter.REQUESTS_PER_MINUTE).available())
			.isEqualTo(9);
		assertThat(this.limiter.headroom("large").orElseThrow().inFlight()).isZero();
	}

}
