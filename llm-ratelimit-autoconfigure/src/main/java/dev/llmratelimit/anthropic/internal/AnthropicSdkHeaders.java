package dev.llmratelimit.anthropic.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.anthropic.core.http.Headers;

/**
 * Copies the Anthropic SDK's response headers into the map a
 * {@link dev.llmratelimit.ProviderResponse} carries.
 */
public final class AnthropicSdkHeaders {

	private AnthropicSdkHeaders() {
	}

	/**
	 * The headers as a map of names to values, in the SDK's order.
	 * @param headers the SDK's headers
	 * @return a new mutable map
	 */
	public static Map<String, List<String>> toMap(Headers headers) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (String name : headers.names()) {
			map.put(name, headers.values(name));
		}
		return map;
	}

}
