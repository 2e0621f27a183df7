package dev.llmratelimit.memory;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A whole application with the starter and every integration on the test classpath
 * (endpoint, metrics, events, call statistics), with generated models configured as a
 * user's {@code application.yml} would.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class MemoryApplication {

	static ConfigurableApplicationContext start(int configuredModels) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		properties.put("management.endpoints.web.exposure.include", "llmlimits");
		for (int i = 0; i < configuredModels; i++) {
			String prefix = "llm.ratelimit.models.model-" + i + ".";
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

}
