package dev.llmratelimit.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ModelLimits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value the IDE offers from {@code additional-spring-configuration-metadata.json}
 * binds, and the application starts with it.
 */
class ConfigurationMetadataHintsTests {

	private static final String METADATA = "META-INF/additional-spring-configuration-metadata.json";

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LlmRateLimitProviderAutoConfiguration.class, LlmRateLimitAutoConfiguration.class));

	@ParameterizedTest(name = "model id {0}")
	@MethodSource("modelIds")
	void everyOfferedModelIdStartsTheApplicationWithThatModel(String offered) {
		String id = offered.replace("[", "").replace("]", "");
		this.runner.withPropertyValues("llm.ratelimit.models." + offered + ".requests-per-minute=10")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LlmRateLimiter.class).models()).containsExactly(id);
			});
	}

	@ParameterizedTest(name = "provider {0}")
	@MethodSource("providers")
	void everyOfferedProviderStartsTheApplicationWithThatProvider(String provider) {
		this.runner.withPropertyValues("llm.ratelimit.models.chat.provider=" + provider)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LlmRateLimiter.class).limits("chat").map(ModelLimits::provider))
					.contains(provider);
			});
	}

	static Stream<Arguments> modelIds() throws IOException {
		return hintValues("llm.ratelimit.models.keys");
	}

	static Stream<Arguments> providers() throws IOException {
		return hintValues("llm.ratelimit.models.values.provider");
	}

	@SuppressWarnings("unchecked")
	private static Stream<Arguments> hintValues(String name) throws IOException {
		List<Object> hints = (List<Object>) metadata().get("hints");
		List<Object> values = hints.stream()
			.map((hint) -> (Map<String, Object>) hint)
			.filter((hint) -> name.equals(hint.get("name")))
			.map((hint) -> (List<Object>) hint.get("values"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No hint named " + name + " in " + METADATA));
		assertThat(values).isNotEmpty();
		return values.stream().map((value) -> Arguments.of(((Map<String, Object>) value).get("value")));
	}

	private static Map<String, Object> metadata() throws IOException {
		try (InputStream in = ConfigurationMetadataHintsTests.class.getClassLoader().getResourceAsStream(METADATA)) {
			assertThat(in).as(METADATA).isNotNull();
			return JsonParserFactory.getJsonParser().parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

}
