package dev.llmratelimit.provider.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class JsonReaderTests {

	@Test
	void readsNestedObjectsArraysAndLiterals() {
		Object root = JsonReader.read(
				"{\"a\":{\"b\":[1,-2.5e3,\"x\",true,false,null]},\"c\":\"d\\\"e\\u00e9\\n\",\"empty\":{},\"none\":[]}");
		assertThat(JsonReader.listAt(root, "a", "b")).isEqualTo(Arrays.asList("1", "-2.5e3", "x", true, false, null));
		assertThat(JsonReader.stringAt(root, "c")).isEqualTo("d\"e\u00e9\n");
		assertThat(JsonReader.at(root, "empty")).isEqualTo(Map.of());
		assertThat(JsonReader.listAt(root, "none")).isEmpty();
	}

	@Test
	void answersNullForMissingPathsAndEmptyListForMissingArrays() {
		Object root = JsonReader.read("{\"error\":\"flat\"}");
		assertThat(JsonReader.stringAt(root, "error", "type")).isNull();
		assertThat(JsonReader.listAt(root, "error", "details")).isEqualTo(List.of());
		assertThat(JsonReader.stringAt(null, "error")).isNull();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "{", "}", "[1,", "{\"a\"}", "{\"a\":}", "{a:1}", "\"unterminated", "tru", "{\"a\":1}x",
			"\"bad\\q\"", "\"\\u12\"", "\"\\uZZZZ\"", "<html>Too Many Requests</html>", "{\"a\":1,}", "@",
			"\"raw\u0001control\"" })
	void readsMalformedDocumentsAsNull(String text) {
		assertThat(JsonReader.read(text)).isNull();
	}

	@Test
	void readsDeeplyNestedDocumentsAsNullWithoutOverflowingTheStack() {
		String hostile = "[".repeat(100_000) + "]".repeat(100_000);
		assertThat(JsonReader.read(hostile)).isNull();
	}

	@Test
	void readsOversizedDocumentsAsNull() {
		String huge = "\"" + "x".repeat(300 * 1024) + "\"";
		assertThat(JsonReader.read(huge)).isNull();
	}

}
