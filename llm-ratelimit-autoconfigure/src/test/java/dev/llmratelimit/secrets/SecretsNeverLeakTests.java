package dev.llmratelimit.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.LlmRateLimitException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.actuate.event.LlmRateLimitEvent;
import dev.llmratelimit.actuate.health.internal.LlmRateLimitHealthIndicator;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.store.redis.RedisTestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
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
 * integration on the classpath, a Redis store on a server that requires a password, and a
 * rate-limited method whose arguments carry a prompt and an API key. With the right
 * password the store works on Redis, which proves the password is sent; with a wrong one
 * the server refuses it, the store falls back and reports the failure.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecretsNeverLeakTests {

	private static final String PROMPT = "PROMPT-SECRET-7f3a9c: summarise my medical record";

	private static final String API_KEY = "sk-ant-api03-KEY-SECRET-41d2";

	private static final String REDIS_PASSWORD = "REDIS-SECRET-b81e";

	private static final String WRONG_REDIS_PASSWORD = "REDIS-SECRET-wrong-5c07";

	private static final List<String> SECRETS = List.of("PROMPT-SECRET", "KEY-SECRET", "REDIS-SECRET");

	@Test
	void noSecretAppearsWhileRedisAcceptsThePassword(CapturedOutput output) {
		try (RedisTestServer redis = passwordProtectedRedis()) {
			List<String> reported = reportedByAnApplication(redis, REDIS_PASSWORD, true);
			reported.add(output.toString());
			assertThat(reported).allSatisfy((text) -> SECRETS.forEach((secret) -> assertThat(text).doesNotContain(secret)));
		}
	}

	@Test
	void noSecretAppearsWhenRedisRefusesThePassword(CapturedOutput output) {
		try (RedisTestServer redis = passwordProtectedRedis()) {
			List<String> reported = reportedByAnApplication(redis, WRONG_REDIS_PASSWORD, false);
			reported.add(output.toString());
			assertThat(output.toString()).as("log").contains("Redis");
			assertThat(reported).allSatisfy((text) -> SECRETS.forEach((secret) -> assertThat(text).doesNotContain(secret)));
		}
	}

	/**
	 * A private server that refuses every command until a client authenticates with
	 * {@link #REDIS_PASSWORD}.
	 */
	private static RedisTestServer passwordProtectedRedis() {
		RedisTestServer redis = RedisTestServer.start(false);
		assertThat(redis.command("CONFIG SET requirepass " + REDIS_PASSWORD)).startsWith("+OK");
		assertThat(redis.command("PING")).startsWith("-NOAUTH");
		return redis;
	}

	/**
	 * Runs calls, some of them refused, and collects what the starter reports: refusals,
	 * the endpoint, health, meter ids and events.
	 */
	private static List<String> reportedByAnApplication(RedisTestServer redis, String password,
			boolean redisAvailable) {
		List<String> reported = new ArrayList<>();
		try (ConfigurableApplicationContext context = start(redis, password)) {
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
			Health health = context.getBean(LlmRateLimitHealthIndicator.class).health(true);
			assertThat(health.getDetails()).as("health").extractingByKey("stores")
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.extractingByKey("redis")
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("available", redisAvailable);
			reported.add(health.toString());
			List<Meter> meters = context.getBean(MeterRegistry.class).getMeters();
			assertThat(meters).as("meters").isNotEmpty();
			meters.forEach((meter) -> reported.add(meter.getId().toString()));
			List<LlmRateLimitEvent> events = context.getBean(EventRecorder.class).events;
			assertThat(events).as("events").isNotEmpty();
			events.forEach((event) -> reported.add(event.toString() + " " + event.getSource()));
		}
		return reported;
	}

	private static ConfigurableApplicationContext start(RedisTestServer redis, String password) {
		SpringApplication application = new SpringApplication(SecretsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run("--spring.main.banner-mode=off", "--logging.level.root=info",
				"--management.endpoints.web.exposure.include=llmlimits,health",
				"--spring.data.redis.port=" + redis.port(), "--spring.data.redis.username=default",
				"--spring.data.redis.password=" + password, "--spring.data.redis.timeout=1s",
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
