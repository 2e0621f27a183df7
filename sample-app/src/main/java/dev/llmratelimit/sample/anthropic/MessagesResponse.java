package dev.llmratelimit.sample.anthropic;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of a successful {@code POST /v1/messages}.
 *
 * @param id the message id, such as {@code msg_...}
 * @param type always {@code message}
 * @param role always {@code assistant}
 * @param model the model that answered
 * @param content the answer's content blocks
 * @param stopReason why the answer ended: {@code end_turn} or {@code max_tokens}
 * @param stopSequence the stop sequence that ended the answer, usually {@code null}
 * @param usage the tokens billed
 */
public record MessagesResponse(String id, String type, String role, String model, List<ContentBlock> content,
		@JsonProperty("stop_reason") String stopReason, @JsonProperty("stop_sequence") String stopSequence,
		Usage usage) {

	/**
	 * The text of all text blocks.
	 * @return the answer text
	 */
	public String text() {
		if (this.content == null) {
			return "";
		}
		return this.content.stream()
			.filter((block) -> "text".equals(block.type()) && block.text() != null)
			.map(ContentBlock::text)
			.collect(Collectors.joining());
	}

	/**
	 * One block of the answer.
	 *
	 * @param type the block type, {@code text} here
	 * @param text the text
	 */
	public record ContentBlock(String type, String text) {

	}

	/**
	 * Tokens billed for a message.
	 *
	 * @param inputTokens input tokens not read from or written to the cache
	 * @param outputTokens output tokens
	 * @param cacheCreationInputTokens input tokens written to the cache
	 * @param cacheReadInputTokens input tokens read from the cache
	 */
	public record Usage(@JsonProperty("input_tokens") long inputTokens,
			@JsonProperty("output_tokens") long outputTokens,
			@JsonProperty("cache_creation_input_tokens") long cacheCreationInputTokens,
			@JsonProperty("cache_read_input_tokens") long cacheReadInputTokens) {

	}

}
