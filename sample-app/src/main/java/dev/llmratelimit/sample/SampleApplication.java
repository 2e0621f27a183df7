package dev.llmratelimit.sample;

import dev.llmratelimit.sample.chat.ProviderProperties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A small chat service kept inside its LLM provider's rate limits by llm-ratelimit. By
 * default it talks to a provider simulator served by the same application.
 */
@SpringBootApplication
@EnableConfigurationProperties(ProviderProperties.class)
public class SampleApplication {

	/**
	 * Starts the application.
	 * @param args command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
