package dev.llmratelimit.memory;

import java.util.concurrent.TimeUnit;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap held per configured model by a started application with the endpoint, metrics and
 * call statistics: 10,000 configured models must hold less than 100 MB, measured as the
 * marginal cost per model between 1,000 and 10,000 models. Spring Boot's
 * soft-referenced caches of property names are cleared before measuring (the build runs
 * this test with {@code -XX:SoftRefLRUPolicyMSPerMB=0}): a JVM under memory pressure
 * clears them too.
 */
class ConfiguredModelsMemoryTests {

	private static final int MODELS = Integer.getInteger("llm.memory.models", 10_000);

	private static final int BASELINE_MODELS = MODELS / 10;

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void tenThousandConfiguredModelsHoldLessThanOneHundredMegabytes() {
		// The marginal cost between two sizes: what one started application holds apart from its
		// models swings by about 10 MB between runs, which a one-model baseline would put on the models.
		long fewModels = heldByApplication(BASELINE_MODELS);
		long manyModels = heldByApplication(MODELS);
		long perModel = (manyModels - fewModels) / (MODELS - BASELINE_MODELS);
		System.out.printf("Heap held by the application: %,d models %,d bytes, %,d models %,d bytes, "
				+ "%,d bytes per model%n", BASELINE_MODELS, fewModels, MODELS, manyModels, perModel);
		// measured 4,503 to 4,645 bytes per model over five runs (45 to 46.5 MB for 10,000)
		assertThat(perModel * MODELS).isLessThan(100L * 1024 * 1024 * MODELS / 10_000);
	}

	private static long heldByApplication(int models) {
		long before = HeapUsage.afterCollection();
		try (ConfigurableApplicationContext context = MemoryApplication.start(models)) {
			assertThat(context.getBean(LlmRateLimiter.class).models()).hasSize(models);
			assertThat(context.getBean(LlmLimitsEndpoint.class).models().models()).hasSize(models);
			return HeapUsage.afterCollection() - before;
		}
	}

}
