package dev.llmratelimit.memory;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.actuate.LlmLimitsEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap held per configured model by a started application with the endpoint, metrics and
 * call statistics: 10,000 configured models must cost less than 100 MB.
 */
class ConfiguredModelsMemoryTests {

	private static final int MODELS = Integer.getInteger("models", 10_000);

	@Test
	void tenThousandConfiguredModelsHoldLessThanOneHundredMegabytes() {
		long oneModel = heldByApplication(1);
		long manyModels = heldByApplication(MODELS);
		long perModel = (manyModels - oneModel) / (MODELS - 1);
		System.out.printf("Heap held by the application: 1 model %,d bytes, %,d models %,d bytes, %,d bytes per model%n",
				oneModel, MODELS, manyModels, perModel);
		assertThat(manyModels - oneModel).isLessThan(100L * 1024 * 1024);
	}

	private static long heldByApplication(int models) {
		long before = HeapUsage.afterCollection();
		try (ConfigurableApplicationContext context = start(models)) {
			System.out.println("models " + context.getBean(LlmRateLimiter.class).models().size() + " endpoint " + context.getBean(LlmLimitsEndpoint.class).models().models().size());
			if (Boolean.getBoolean("clearCache")) {
				org.springframework.boot.context.properties.source.ConfigurationPropertyCaching.get(context.getEnvironment()).clear();
				org.springframework.boot.context.properties.source.ConfigurationPropertyCaching.get(context.getEnvironment()).disable();
			}
			long used = HeapUsage.afterCollection() - before;
			if (models > 1) {
				try {
					new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
						.redirectOutput(new java.io.File("/tmp/hostile-histo.txt")).start().waitFor();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			return used;
		}
	}

	private static ConfigurableApplicationContext start(int models) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("management.endpoints.web.exposure.include", "llmlimits");
		properties.put("management.endpoints.jmx.exposure.include", "llmlimits");
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		for (int i = 0; i < models; i++) {
			String prefix = System.getProperty("root", "llm.ratelimit") + ".models.model-" + i + ".";
			properties.put(prefix + "provider", "openai");
			properties.put(prefix + "requests-per-minute", 500);
			properties.put(prefix + "tokens-per-minute", 200_000);
			properties.put(prefix + "requests-per-day", 10_000);
		}
		SpringApplication application = new SpringApplication(MemoryApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(properties);
		return application.run();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemoryApplication {

	}

}
