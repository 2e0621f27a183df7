package dev.llmratelimit.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Starts a real application with a bad property and checks that the failure analyzer
 * registered in {@code META-INF/spring.factories} explains it.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationStartupTests {

	@Test
	void badLimitStopsStartupWithADescriptionAndAnAction(CapturedOutput output) {
		SpringApplication application = new SpringApplication(BadConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatThrownBy(() -> application.run("--llm.ratelimit.models.gpt-4o.tokens-per-minute=-5"))
			.hasRootCauseInstanceOf(InvalidLlmRateLimitPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid LLM rate limit configuration: "
					+ "llm.ratelimit.models[gpt-4o].tokens-per-minute must be positive, was -5")
			.contains("Set a positive value");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(LlmRateLimitAutoConfiguration.class)
	static class BadConfiguration {

	}

}
