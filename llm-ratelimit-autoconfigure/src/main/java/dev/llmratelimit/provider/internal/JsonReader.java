package dev.llmratelimit.provider.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON reader of llm-ratelimit, small and dependency-free (the starter runs
 * without any JSON library on the class path). It reads provider error bodies whole:
 * objects become maps, arrays lists, strings strings, numbers their text, literals
 * booleans or {@code null}. And it finds one top-level string field of a request or
 * response body (its {@code model}) by skipping everything else, however large, without
 * building it. Hostile input never throws: anything malformed, deeper than 32 levels or
 * (for whole documents) longer than 256 KiB reads as {@code null}.
 */
final class JsonReader {

	private static final int MAX_DEPTH = 32;

	private static final int MAX_LENGTH = 256 * 1024;

	private final String text;

	private int position;

	private JsonReader(String text) {
		this.text = text;
	}

	/**
	 * Reads a JSON document.
	 * @param text the document, possibly {@code null}
	 * @return the value, or {@code null} when the text is not a JSON document
	 */
	static Object read(String text) {
		if (text == null || text.length() > MAX_LENGTH) {
			return null;
		}
		try {
			JsonReader reader = new JsonReader(text);
			Object value = reader.value(0);
			reader.skipWhitespace();
			return (reader.position == text.length()) ? value : null;
		}
		catch (MalformedJsonException ex) {
			IgnoredValues.ignore("JSON body", text, ex.getMessage());
			return null;
		}
	}

	/**
	 * Finds a string field at the top level of a JSON object, skipping every other value.
	 * A document cut short still answers when the field comes before the cut.
	 * @param text the document, possibly {@code null} or truncated
	 * @param field the field name
	 * @return the field's string value, or {@code null} when the top level has no such
	 * string field or is not an object
	 */
	static String topLevelString(String text, String field) {
		if (text == null) {
			return null;
		}
		try {
			return new JsonReader(text).findTopLevelString(field);
		}
		catch (MalformedJsonException ex) {
			return null;
		}
	}

	/**
	 * Follows object keys from a value.
	 * @param value where to start
	 * @param keys the keys to follow
	 * @return the value reached, or {@code null} when a step is missing or not an object
	 */
	static Object at(Object value, String... keys) {
		Object current = value;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	/**
	 * Follows object keys to a string.
	 * @param value where to start
	 * @param keys the keys to follow
	 * @return the string reached, or {@code null}
	 */
	static String stringAt(Object value, String... keys) {
		return (at(value, keys) instanceof String string) ? string : null;
	}

	/**
	 * Follows object keys to an array.
	 * @param value where to start
	 * @param keys the keys to follow
	 * @return the elements, empty when the array is missing
	 */
	static List<?> listAt(Object value, String... keys) {
		return (at(value, keys) instanceof List<?> list) ? list : List.of();
	}

	private String findTopLevelString(String field) {
		skipWhitespace();
		expect('{');
		skipWhitespace();
		if (peek() == '}') {
			return null;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw new MalformedJsonException("expected a key at " + this.position);
			}
			String key = string();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			if (key.equals(field) && peek() == '"') {
				return string();
			}
			skipValue();
			if (!nextMember('}')) {
				return null;
			}
		}
	}

	/**
	 * After a member of an object or array: moves past the comma that announces another,
	 * or the closing bracket that ends it.
	 * @param close the closing bracket
	 * @return {@code true} when another member follows
	 */
	private boolean nextMember(char close) {
		skipWhitespace();
		if (peek() == ',') {
			this.position++;
			return true;
		}
		expect(close);
		return false;
	}

	/** Moves past one value without building it. */
	private void skipValue() {
		char first = peek();
		if (first == '"') {
			skipString();
			return;
		}
		if (first != '{' && first != '[') {
			int start = this.position;
			while (this.position < this.text.length() && ",}] \t\r\n".indexOf(this.text.charAt(this.position)) < 0) {
				this.position++;
			}
			if (start == this.position) {
				throw new MalformedJsonException("unexpected character at " + start);
			}
			return;
		}
		int depth = 0;
		do {
			char next = peek();
			if (next == '"') {
				skipString();
				continue;
			}
			this.position++;
			if (next == '{' || next == '[') {
				depth++;
			}
			else if (next == '}' || next == ']') {
				depth--;
			}
		}
		while (depth > 0);
	}

	private void skipString() {
		this.position++;
		while (true) {
			char next = peek();
			this.position++;
			if (next == '"') {
				return;
			}
			if (next == '\\') {
				peek();
				this.position++;
			}
		}
	}

	private Object value(int depth) {
		if (depth > MAX_DEPTH) {
			throw new MalformedJsonException("nested too deeply");
		}
		skipWhitespace();
		char next = peek();
		switch (next) {
			case '{':
				return object(depth);
			case '[':
				return array(depth);
			case '"':
				return string();
			case 't':
				return literal("true", Boolean.TRUE);
			case 'f':
				return literal("false", Boolean.FALSE);
			case 'n':
				return literal("null", null);
			default:
				return number();
		}
	}

	private Map<String, Object> object(int depth) {
		Map<String, Object> map = new LinkedHashMap<>();
		this.position++;
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return map;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw new MalformedJsonException("expected a key at " + this.position);
			}
			String key = string();
			skipWhitespace();
			expect(':');
			map.put(key, value(depth + 1));
			if (!nextMember('}')) {
				return map;
			}
		}
	}

	private List<Object> array(int depth) {
		List<Object> list = new ArrayList<>();
		this.position++;
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return list;
		}
		while (true) {
			list.add(value(depth + 1));
			if (!nextMember(']')) {
				return list;
			}
		}
	}

	private String string() {
		StringBuilder builder = new StringBuilder();
		this.position++;
		while (true) {
			char next = peek();
			this.position++;
			if (next == '"') {
				return builder.toString();
			}
			if (next == '\\') {
				builder.append(escape());
			}
			else if (next < 0x20) {
				throw new MalformedJsonException("control character in string");
			}
			else {
				builder.append(next);
			}
		}
	}

	private char escape() {
		char next = peek();
		this.position++;
		switch (next) {
			case '"':
			case '\\':
			case '/':
				return next;
			case 'b':
				return '\b';
			case 'f':
				return '\f';
			case 'n':
				return '\n';
			case 'r':
				return '\r';
			case 't':
				return '\t';
			case 'u':
				return unicode();
			default:
				throw new MalformedJsonException("bad escape");
		}
	}

	private char unicode() {
		if (this.position + 4 > this.text.length()) {
			throw new MalformedJsonException("truncated unicode escape");
		}
		int code = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(this.text.charAt(this.position++), 16);
			if (digit < 0) {
				throw new MalformedJsonException("bad unicode escape");
			}
			code = code * 16 + digit;
		}
		return (char) code;
	}

	private String number() {
		int start = this.position;
		while (this.position < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.position)) >= 0) {
			this.position++;
		}
		if (start == this.position) {
			throw new MalformedJsonException("unexpected character at " + start);
		}
		return this.text.substring(start, this.position);
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.position)) {
			throw new MalformedJsonException("unexpected literal at " + this.position);
		}
		this.position += word.length();
		return value;
	}

	private void expect(char expected) {
		if (peek() != expected) {
			throw new MalformedJsonException("expected '" + expected + "' at " + this.position);
		}
		this.position++;
	}

	private char peek() {
		if (this.position >= this.text.length()) {
			throw new MalformedJsonException("unexpected end");
		}
		return this.text.charAt(this.position);
	}

	private void skipWhitespace() {
		while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	/**
	 * Thrown inside the reader to abandon a malformed document; never escapes it.
	 */
	private static final class MalformedJsonException extends RuntimeException {

		MalformedJsonException(String message) {
			super(message, null, false, false);
		}

	}

}
