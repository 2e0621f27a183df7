package dev.llmratelimit.provider.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Logs, at debug level, a provider value that was ignored because it could not be
 * understood. Provider responses are untrusted input: they never make a call fail.
 */
final class IgnoredValues {

	private static final Logger logger = System.getLogger("dev.llmratelimit.provider");

	private static final int MAX_LOGGED_LENGTH = 100;

	private IgnoredValues() {
	}

	static void ignore(String what, String value, String reason) {
		if (logger.isLoggable(Level.DEBUG)) {
			logger.log(Level.DEBUG, "Ignoring " + what + " '" + abbreviate(value) + "': " + reason);
		}
	}

	private static String abbreviate(String value) {
		if (value == null || value.length() <= MAX_LOGGED_LENGTH) {
			return value;
		}
		return value.substring(0, MAX_LOGGED_LENGTH) + "...";
	}

}
