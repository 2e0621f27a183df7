package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.HeaderLimitsDialect;
import dev.llmratelimit.core.internal.ManualTimeSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds a limiter the way the starter's main auto-configuration does: with every
 * {@link LimiterListener} bean, on a manual clock, with one configured model.
 */
@Configuration(proxyBeanMethods = false)
class TestLimiterConfiguration {

	static final String MODEL = "claude-sonnet-4-5";

	@Bean
	ManualTimeSource timeSource() {
		return new ManualTimeSource();
	}

	@Bean
	BudgetLimiter llmRateLimiter(ObjectProvider<LimiterListener> listeners, ManualTimeSource time) {
		BudgetLimiter.Builder builder = BudgetLimiter.builder()
			.timeSource(time)
			.dialects(HeaderLimitsDialect.registry())
			.model(ModelLimits.builder(MODEL)
				.limit(Meter.REQUESTS_PER_MINUTE, 50)
				.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 8_000)
				.build());
		listeners.orderedStream().forEach(builder::listener);
		return builder.build();
	}

}
