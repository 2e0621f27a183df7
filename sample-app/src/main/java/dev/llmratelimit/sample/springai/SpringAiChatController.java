package dev.llmratelimit.sample.springai;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.sample.chat.ChatReply;
import dev.llmratelimit.sample.chat.ChatRequest;

import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ai/chat}: the same API as {@code /chat}, answered through Spring AI.
 */
@RestController
public class SpringAiChatController {

	private final SpringAiChatService chatService;

	/**
	 * Creates the controller.
	 * @param chatService the rate-limited service
	 */
	public SpringAiChatController(SpringAiChatService chatService) {
		this.chatService = chatService;
	}

	/**
	 * Answers a prompt.
	 * @param request model, prompt and optional max tokens
	 * @return the answer with its usage, or a 400 problem for an invalid request
	 */
	@PostMapping("/ai/chat")
	public ResponseEntity<Object> chat(@RequestBody ChatRequest request) {
		String problem = request.problem();
		if (problem != null) {
			return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem));
		}
		ChatRequest complete = request.withDefaults();
		AnthropicChatOptions options = AnthropicChatOptions.builder()
			.model(complete.model())
			.maxTokens(complete.maxTokens())
			.build();
		ChatResponse response = this.chatService.chat(new Prompt(complete.prompt(), options));
		Usage usage = response.getMetadata().getUsage();
		return ResponseEntity.ok(new ChatReply(response.getMetadata().getModel(),
				response.getResult().getOutput().getText(),
				LlmUsage.of(count(usage.getPromptTokens()), count(usage.getCompletionTokens()))));
	}

	private static long count(Integer tokens) {
		return (tokens != null) ? tokens : 0;
	}

}
