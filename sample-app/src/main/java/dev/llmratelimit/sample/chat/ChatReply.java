package dev.llmratelimit.sample.chat;

import dev.llmratelimit.LlmUsage;

/**
 * Body of a successful {@code POST /chat}.
 *
 * @param model the model that answered
 * @param text the answer
 * @param usage the tokens the provider billed
 */
public record ChatReply(String model, String text, LlmUsage usage) {

}
