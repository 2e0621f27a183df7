package dev.llmratelimit.provider.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.ProviderResponse;

/**
 * Builds provider responses for tests from alternating header names and values.
 */
final class Responses {

	private Responses() {
	}

	static ProviderResponse ok(String... headers) {
		return of(200, null, headers);
	}

	static ProviderResponse of(int status, String body, String... headers) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (int i = 0; i < headers.length; i += 2) {
			map.put(headers[i], List.of(headers[i + 1]));
		}
		return new ProviderResponse(status, map, body);
	}

}
