package dev.llmratelimit.provider.internal;

import java.util.Locale;

import dev.llmratelimit.ProviderResponse;

/**
 * Header names that betray which provider answered, for best-effort detection. A model
 * with a configured provider never relies on them.
 */
final class ProviderMarkers {

	private ProviderMarkers() {
	}

	/**
	 * Whether the response came through Azure (Azure OpenAI sends {@code x-ms-region},
	 * {@code apim-request-id}, {@code azureml-model-session} and other {@code x-ms-*}
	 * headers).
	 * @param response the response
	 * @return {@code true} when an Azure header is present
	 */
	static boolean isAzure(ProviderResponse response) {
		return hasHeaderStartingWith(response, "x-ms-") || hasHeaderStartingWith(response, "apim-request-id")
				|| hasHeaderStartingWith(response, "azureml-");
	}

	/**
	 * Whether the response came from Groq ({@code x-groq-*} headers such as
	 * {@code x-groq-region}).
	 * @param response the response
	 * @return {@code true} when a Groq header is present
	 */
	static boolean isGroq(ProviderResponse response) {
		return hasHeaderStartingWith(response, "x-groq-");
	}

	/**
	 * Whether the response came from Anthropic ({@code anthropic-*} headers).
	 * @param response the response
	 * @return {@code true} when an Anthropic header is present
	 */
	static boolean isAnthropic(ProviderResponse response) {
		return hasHeaderStartingWith(response, "anthropic-");
	}

	/**
	 * Whether the response carries OpenAI's own headers ({@code openai-organization},
	 * {@code openai-processing-ms}, {@code openai-version}, {@code openai-project}).
	 * @param response the response
	 * @return {@code true} when an OpenAI header is present
	 */
	static boolean isOpenAi(ProviderResponse response) {
		return hasHeaderStartingWith(response, "openai-");
	}

	/**
	 * Whether the response carries OpenAI-style rate-limit headers
	 * ({@code x-ratelimit-*-requests} or {@code x-ratelimit-*-tokens}).
	 * @param response the response
	 * @return {@code true} when such a header is present
	 */
	static boolean hasOpenAiStyleHeaders(ProviderResponse response) {
		return response.header("x-ratelimit-limit-requests") != null
				|| response.header("x-ratelimit-limit-tokens") != null
				|| response.header("x-ratelimit-remaining-requests") != null
				|| response.header("x-ratelimit-remaining-tokens") != null;
	}

	static boolean hasHeaderStartingWith(ProviderResponse response, String prefix) {
		for (String name : response.headers().keySet()) {
			if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
