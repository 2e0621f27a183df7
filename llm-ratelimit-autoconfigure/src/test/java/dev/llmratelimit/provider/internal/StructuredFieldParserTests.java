package dev.llmratelimit.provider.internal;

import java.util.List;
import java.util.Map;

import dev.llmratelimit.provider.internal.StructuredFieldParser.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class StructuredFieldParserTests {

	@Test
	void readsThePolicyListOfTheIetfDraft() {
		assertThat(StructuredFieldParser.parseList("ratelimit-policy", "\"burst\";q=100;w=60,\"daily\";q=1000;w=86400"))
			.containsExactly(new Item("burst", Map.of("q", "100", "w", "60")),
					new Item("daily", Map.of("q", "1000", "w", "86400")));
	}

	@Test
	void readsTheStateOfTheIetfDraft() {
		assertThat(StructuredFieldParser.parseList("ratelimit", "\"default\";r=50;t=30"))
			.containsExactly(new Item("default", Map.of("r", "50", "t", "30")));
	}

	@Test
	void toleratesSpacesTokensQuotedParametersAndBooleanFlags() {
		assertThat(StructuredFieldParser.parseList("ratelimit-policy", " day ; q=1000 ; qu=\"tokens\" ; strict "))
			.containsExactly(new Item("day", Map.of("q", "1000", "qu", "tokens", "strict", "?1")));
	}

	@Test
	void keepsCommasAndSemicolonsInsideQuotedNames() {
		assertThat(StructuredFieldParser.parseList("ratelimit", "\"a,b;c\";r=1"))
			.containsExactly(new Item("a,b;c", Map.of("r", "1")));
	}

	@Test
	void skipsMalformedMembersAndKeepsTheOthers() {
		assertThat(StructuredFieldParser.parseList("ratelimit", "\"ok\";r=2,;r=1,\"x\";=3"))
			.containsExactly(new Item("ok", Map.of("r", "2")));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { ",", ";", "\"", ";;;" })
	void readsEmptyOrJunkValuesAsNoItems(String value) {
		assertThat(StructuredFieldParser.parseList("ratelimit", value)).isEqualTo(List.of());
	}

	@Test
	void ignoresOverlongValues() {
		assertThat(StructuredFieldParser.parseList("ratelimit", "\"p\";r=1,".repeat(1000))).isEmpty();
	}

}
