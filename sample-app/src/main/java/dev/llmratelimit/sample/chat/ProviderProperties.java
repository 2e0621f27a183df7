package dev.llmratelimit.sample.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the sample app sends its Messages API calls.
 */
@ConfigurationProperties("sample.provider")
public class ProviderProperties {

	/**
	 * Base URL of the Anthropic Messages API. Offline (sample.simulator.enabled) it is set
	 * to the simulator's loopback URL.
	 */
	private String baseUrl = "https://api.anthropic.com";

	/**
	 * API key sent as x-api-key.
	 */
	private String apiKey = "simulator";

	/**
	 * Value of the anthropic-version header.
	 */
	private String anthropicVersion = "2023-06-01";

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(String apiKey) {
		this.apiKey = apiKey;
	}

	public String getAnthropicVersion() {
		return this.anthropicVersion;
	}

	public void setAnthropicVersion(String anthropicVersion) {
		this.anthropicVersion = anthropicVersion;
	}

}
