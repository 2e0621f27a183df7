package dev.llmratelimit.provider.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BodyModel}: the top-level {@code model} of a request or response body.
 */
class BodyModelTests {

	@Test
	void findsTheModelAfterALargeMessagesArray() {
		String body = "{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(1_000_000)
				+ "\"}],\"model\":\"claude-sonnet-4-5\"}";
		assertThat(BodyModel.of(body)).hasValue("claude-sonnet-4-5");
	}

	@Test
	void ignoresFieldsNamedModelInsideNestedValues() {
		String body = "{\"tools\":[{\"name\":\"pick\",\"input_schema\":{\"model\":\"not-this\"}}],"
				+ "\"metadata\":{\"model\":\"nor-this\"},\"text\":\"\\\"model\\\":\\\"nor-that\\\"\",\"model\":\"gpt-4o\"}";
		assertThat(BodyModel.of(body)).hasValue("gpt-4o");
	}

	@Test
	void answersFromADocumentCutShortAfterTheModel() {
		assertThat(BodyModel.of("{\"id\":\"msg_1\",\"model\":\"claude-haiku\",\"content\":[{\"type\":\"te"))
			.hasValue("claude-haiku");
	}

	@Test
	void readsAtMostTheGivenBytes() {
		byte[] body = "{\"id\":\"x\",\"model\":\"claude-haiku\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(BodyModel.of(body, 12)).isEmpty();
		assertThat(BodyModel.of(body, body.length)).hasValue("claude-haiku");
	}

	@Test
	void skipsAModelThatIsNotAString() {
		assertThat(BodyModel.of("{\"model\":{\"id\":\"x\"},\"other\":1}")).isEmpty();
	}

	@Test
	void unescapesTheModel() {
		assertThat(BodyModel.of("{\"model\":\"ft:gpt-4o\\u002dmini\"}")).hasValue("ft:gpt-4o-mini");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "[\"model\"]", "\"model\"", "{\"model\":\"   \"}", "{model:\"x\"}", "not json",
			"{\"a\":1 \"model\":\"x\"}" })
	void bodiesNamingNoModelAnswerEmpty(String body) {
		assertThat(BodyModel.of(body)).isEmpty();
	}

}
