package dev.llmratelimit.memory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 distinct model names sent to a running application (as a SpEL expression over
 * user input, or a JSON body's {@code model} field, would send them) cost less than 64 MB
 * and never crash it: the build runs this test in a 512 MB heap.
 */
class UnconfiguredModelNamesMemoryTests {

	private static final int NAMES = 100_000;

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void aHundredThousandModelNamesCostLessThanSixtyFourMegabytes() {
		try (ConfigurableApplicationContext context = MemoryApplication.start(1)) {
			LlmRateLimiter limiter = context.getBean(LlmRateLimiter.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			long before = HeapUsage.afterCollection();
			int refused = 0;
			ProviderResponse response = new ProviderResponse(200,
					Map.of("x-ratelimit-limit-requests", List.of("500"), "x-ratelimit-remaining-requests", List.of("499")),
					null);
			for (int i = 0; i < NAMES; i++) {
				String name = "user-supplied-model-" + i;
				limiter.observe("body-" + name, response);
				try {
					limiter.reserve(name, 10, 10, Duration.ZERO).complete(LlmUsage.of(10, 10));
				}
				catch (IllegalArgumentException ex) {
					refused++;
				}
			}
			long grown = HeapUsage.afterCollection() - before;
			System.out.printf("Heap grown by %,d distinct model names: %,d bytes; %,d refused; %d models, %d meters%n",
					NAMES, grown, refused, limiter.models().size(), registry.getMeters().size());
			assertThat(grown).isLessThan(64L * 1024 * 1024);
			assertThat(limiter.models()).hasSize(101);
			assertThat(refused).isEqualTo(NAMES - 100);
			assertThat(context.getBean(LlmLimitsEndpoint.class).models().models()).hasSize(101);
		}
	}

}
