package dev.llmratelimit.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmratelimit.LlmRateLimitException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.actuate.event.LlmRateLimitEvent;
import dev.llmratelimit.actuate.health.internal.LlmRateLimitHealthIndicator;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.store.redis.RedisTestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompts, API keys and Redis credentials never appear in what the starter shows or says:
 * the {@code llmlimits} endpoint, the health indicator, metric tags, application events,
 * logs at INFO and the messages of its exceptions. The application runs with every
 * integration on the classpath, a Redis store whose credentials the server refuses (so
 * the store falls back and reports the failure), and a rate-limited method whose
 * arguments carry a prompt and an API key.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class SecretsNeverLeakTests {

	private static final String PROMPT = "PROMPT-SECRET-7f3a9c: summarise my medical record";

	private static final String API_KEY = "sk-ant-api03-KEY-SECRET-41d2";

	private static final String REDIS_PASSWORD = "REDIS-SECRET-b81e";

	private static final List<String> SECRETS = List.of("PROMPT-SECRET", "KEY-SECRET", "REDIS-SECRET");

	@Test
	void noSecretAppearsAnywhereTheStarterReports(CapturedOutput output) {
		List<String> reported = new ArrayList<>();
		try (ConfigurableApplicationContext context = start()) {
			ChatService chat = context.getBean(ChatService.class);
			chat.ask(PROMPT, API_KEY);
			for (int i = 0; i < 3; i++) {
				try {
					chat.ask(PROMPT, API_KEY);
				}
				catch (LlmRateLimitException ex) {
					reported.add(ex.getMessage());
					reported.add(ex.toString());
				}
			}
			assertThat(reported).as("refusals").isNotEmpty();
			reported.add(context.getBean(LlmLimitsEndpoint.class).models().toString());
			reported.add(context.getBean(LlmLimitsEndpoint.class).model("claude-sonnet-4-5").toString());
			String health = context.getBean(LlmRateLimitHealthIndicator.class).health(true).toString();
			assertThat(health).as("health").contains("redis");
			reported.add(health);
			List<Meter> meters = context.getBean(MeterRegistry.class).getMeters();
			assertThat(meters).as("meters").isNotEmpty();
			meters.forEach((meter) -> reported.add(meter.getId().toString()));
			List<LlmRateLimitEvent> events = context.getBean(EventRecorder.class).events;
			assertThat(events).as("events").isNotEmpty();
			events.forEach((event) -> reported.add(event.toString() + " " + event.getSource()));
		}
		reported.add(output.toString());
		assertThat(reported).allSatisfy((text) -> SECRETS.forEach((secret) -> assertThat(text).doesNotContain(secret)));
	}

	private static ConfigurableApplicationContext start() {
		RedisTestServer redis = RedisTestServer.shared();
		SpringApplication application = new SpringApplication(SecretsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run("--spring.main.banner-mode=off", "--logging.level.root=info",
				"--management.endpoints.web.exposure.include=llmlimits,health",
				"--spring.data.redis.port=" + redis.port(), "--spring.data.redis.username=default",
				"--spring.data.redis.password=" + REDIS_PASSWORD, "--spring.data.redis.timeout=1s",
				"--llm.ratelimit.store=redis", "--llm.ratelimit.redis.on-failure=local",
				"--llm.ratelimit.redis.retry-interval=200ms",
				"--llm.ratelimit.models.claude-sonnet-4-5.provider=anthropic",
				"--llm.ratelimit.models.claude-sonnet-4-5.requests-per-minute=1", "--llm.ratelimit.max-wait=0s");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SecretsApplication {

		@Bean
		ChatService chatService() {
			return new ChatService();
		}

		@Bean
		EventRecorder eventRecorder() {
			return new EventRecorder();
		}

	}

	/** A service whose rate-limited method gets a prompt and an API key. */
	static class ChatService {

		@LlmRateLimited(model = "claude-sonnet-4-5", maxTokens = "100")
		public Reply ask(String prompt, String apiKey) {
			return new Reply(LlmUsage.of(prompt.length() / 4, 20));
		}

	}

	/** What the provider answered. */
	record Reply(LlmUsage usage) {
	}

	/** Every rate-limit event the application publishes. */
	static class EventRecorder implements ApplicationListener<LlmRateLimitEvent> {

		private final List<LlmRateLimitEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(LlmRateLimitEvent event) {
			this.events.add(event);
		}

	}

}
