package dev.llmratelimit.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup failure caused by a bad {@code llm.ratelimit.*} property.
 */
class InvalidLlmRateLimitPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidLlmRateLimitPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidLlmRateLimitPropertyException cause) {
		String description = "Invalid LLM rate limit configuration: " + cause.getMessage();
		return new FailureAnalysis(description, cause.action(), cause);
	}

}
