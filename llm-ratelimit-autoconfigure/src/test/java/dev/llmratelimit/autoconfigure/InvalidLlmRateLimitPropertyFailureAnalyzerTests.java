package dev.llmratelimit.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidLlmRateLimitPropertyFailureAnalyzer}.
 */
class InvalidLlmRateLimitPropertyFailureAnalyzerTests {

	@Test
	void analysisNamesThePropertyAndSaysWhatToDo() {
		InvalidLlmRateLimitPropertyException cause = new InvalidLlmRateLimitPropertyException(
				"llm.ratelimit.models[gpt-4o].tokens-per-minute", "must be positive, was -5", "Set a positive value.");
		FailureAnalysis analysis = new InvalidLlmRateLimitPropertyFailureAnalyzer()
			.analyze(new BeanCreationException("llmRateLimiter", "failed", cause));
		assertThat(analysis.getDescription())
			.contains("llm.ratelimit.models[gpt-4o].tokens-per-minute must be positive, was -5");
		assertThat(analysis.getAction()).isEqualTo("Set a positive value.");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

}
