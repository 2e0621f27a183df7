package dev.llmratelimit.provider.internal;

import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;

/**
 * The kind of a response that is not a 429: success below 400, any other failure above.
 */
final class StatusKinds {

	private StatusKinds() {
	}

	static ResponseKind ofStatus(int status) {
		return (status >= 400) ? ResponseKind.OTHER_ERROR : ResponseKind.OK;
	}

}
