package dev.llmratelimit.usage.internal;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Collects the text a model reads from a request body in the providers' JSON shape:
 * message contents, system prompts, tool definitions; leaves out structural values
 * (roles, types, ids) and binary payloads (base64 data, URLs, signatures).
 */
public final class JsonText {

	private static final Set<String> SKIPPED_FIELDS = Set.of("type", "role", "id", "tool_use_id", "tool_call_id",
			"media_type", "data", "url", "image_url", "file_data", "file_id", "signature", "cache_control", "detail",
			"format");

	private JsonText() {
	}

	/**
	 * Appends the text of the given nodes, one line per value.
	 * @param nodes JSON nodes, {@code null} ones are skipped
	 * @return the collected text
	 */
	public static StringBuilder of(JsonNode... nodes) {
		StringBuilder text = new StringBuilder();
		for (JsonNode node : nodes) {
			append(node, text);
		}
		return text;
	}

	private static void append(JsonNode node, StringBuilder text) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return;
		}
		if (node.isTextual()) {
			text.append(node.textValue()).append('\n');
		}
		else if (node.isArray()) {
			node.forEach((element) -> append(element, text));
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (!SKIPPED_FIELDS.contains(field.getKey())) {
					append(field.getValue(), text);
				}
			}
		}
		else if (!node.isBoolean()) {
			text.append(node.asText()).append('\n');
		}
	}

}
