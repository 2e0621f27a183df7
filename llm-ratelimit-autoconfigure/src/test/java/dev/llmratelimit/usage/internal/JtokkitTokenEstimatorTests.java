package dev.llmratelimit.usage.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token counts by OpenAI encoding.
 */
class JtokkitTokenEstimatorTests {

	private final JtokkitTokenEstimator estimator = new JtokkitTokenEstimator();

	@Test
	void newerOpenAiModelsUseO200kBase() {
		assertThat(this.estimator.encodingFor("gpt-4o-mini").getName()).isEqualTo("o200k_base");
		assertThat(this.estimator.encodingFor("gpt-4.1").getName()).isEqualTo("o200k_base");
		assertThat(this.estimator.encodingFor("o3-mini").getName()).isEqualTo("o200k_base");
		assertThat(this.estimator.encodingFor("openai/gpt-5").getName()).isEqualTo("o200k_base");
	}

	@Test
	void olderAndUnknownModelsUseCl100kBase() {
		assertThat(this.estimator.encodingFor("gpt-4").getName()).isEqualTo("cl100k_base");
		assertThat(this.estimator.encodingFor("gpt-3.5-turbo").getName()).isEqualTo("cl100k_base");
		assertThat(this.estimator.encodingFor("claude-sonnet-4-5").getName()).isEqualTo("cl100k_base");
		assertThat(this.estimator.encodingFor(null).getName()).isEqualTo("cl100k_base");
	}

	@Test
	void estimateCountsTokensOfTheText() {
		assertThat(this.estimator.estimate("gpt-4o", "Hello, world!")).isEqualTo(4);
		assertThat(this.estimator.estimate("gpt-4o", "")).isZero();
	}

}
