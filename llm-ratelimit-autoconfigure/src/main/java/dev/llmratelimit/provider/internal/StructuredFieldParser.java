package dev.llmratelimit.provider.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the structured-field lists of the IETF rate-limit headers (RFC 8941 lists of
 * items with parameters), for example {@code "burst";q=100;w=60,"daily";q=1000;w=86400}.
 * Tolerant: a malformed member is skipped with a debug log, the others are kept.
 */
final class StructuredFieldParser {

	private static final int MAX_LENGTH = 4096;

	private StructuredFieldParser() {
	}

	/**
	 * Parses a list.
	 * @param header the header name, for the log
	 * @param value the header value, possibly {@code null}
	 * @return the well-formed members, in order
	 */
	static List<Item> parseList(String header, String value) {
		if (value == null) {
			return List.of();
		}
		if (value.length() > MAX_LENGTH) {
			IgnoredValues.ignore(header, value, "too long");
			return List.of();
		}
		List<Item> items = new ArrayList<>();
		for (String member : splitOutsideQuotes(value, ',')) {
			Item item = parseItem(member.trim());
			if (item != null) {
				items.add(item);
			}
			else {
				IgnoredValues.ignore(header, member, "not a structured-field item");
			}
		}
		return items;
	}

	private static Item parseItem(String member) {
		List<String> parts = splitOutsideQuotes(member, ';');
		String name = bareItem(parts.get(0).trim());
		if (name == null) {
			return null;
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String part : parts.subList(1, parts.size())) {
			String parameter = part.trim();
			int equals = parameter.indexOf('=');
			String key = (equals >= 0) ? parameter.substring(0, equals).trim() : parameter;
			String parameterValue = (equals >= 0) ? bareItem(parameter.substring(equals + 1).trim()) : "?1";
			if (key.isEmpty() || parameterValue == null) {
				return null;
			}
			parameters.put(key, parameterValue);
		}
		return new Item(name, parameters);
	}

	private static String bareItem(String text) {
		if (text.isEmpty()) {
			return null;
		}
		if (text.charAt(0) != '"') {
			return (text.indexOf('"') < 0) ? text : null;
		}
		if (text.length() < 2 || text.charAt(text.length() - 1) != '"') {
			return null;
		}
		return text.substring(1, text.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
	}

	private static List<String> splitOutsideQuotes(String text, char separator) {
		List<String> parts = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' && quoted && i + 1 < text.length()) {
				current.append(c).append(text.charAt(++i));
				continue;
			}
			if (c == '"') {
				quoted = !quoted;
			}
			if (c == separator && !quoted) {
				parts.add(current.toString());
				current.setLength(0);
			}
			else {
				current.append(c);
			}
		}
		parts.add(current.toString());
		return parts;
	}

	/**
	 * One member of a structured-field list.
	 *
	 * @param name the member's value (the policy name)
	 * @param parameters its parameters, values unquoted
	 */
	record Item(String name, Map<String, String> parameters) {

		String parameter(String key) {
			return this.parameters.get(key);
		}

	}

}
