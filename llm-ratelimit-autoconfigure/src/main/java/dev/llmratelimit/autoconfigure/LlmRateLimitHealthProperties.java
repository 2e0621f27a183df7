package dev.llmratelimit.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the rate limiter's health indicator.
 */
@ConfigurationProperties("llm.ratelimit.health")
class LlmRateLimitHealthProperties {

	/**
	 * Whether a provider cooldown (a 429 that asked to stop calling a model for a while)
	 * makes the health DOWN.
	 */
	private boolean cooldownIsDown = false;

	/**
	 * Whether a provider cooldown makes the health DOWN.
	 * @return {@code true} to report DOWN during a cooldown
	 */
	public boolean isCooldownIsDown() {
		return this.cooldownIsDown;
	}

	/**
	 * Sets whether a provider cooldown makes the health DOWN.
	 * @param cooldownIsDown {@code true} to report DOWN during a cooldown
	 */
	public void setCooldownIsDown(boolean cooldownIsDown) {
		this.cooldownIsDown = cooldownIsDown;
	}

}
