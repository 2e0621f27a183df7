package dev.llmratelimit.sample.sdk;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Usage;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.sample.chat.ChatReply;
import dev.llmratelimit.sample.chat.ChatRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /sdk/chat}: the same API as {@code /chat}, answered through the official
 * Anthropic Java SDK.
 */
@RestController
public class SdkChatController {

	private final SdkChatService chatService;

	/**
	 * Creates the controller.
	 * @param chatService the rate-limited service
	 */
	public SdkChatController(SdkChatService chatService) {
		this.chatService = chatService;
	}

	/**
	 * Answers a prompt.
	 * @param request model, prompt and optional max tokens
	 * @return the answer with its usage, or a 400 problem for an invalid request
	 */
	@PostMapping("/sdk/chat")
	public ResponseEntity<Object> chat(@RequestBody ChatRequest request) {
		String problem = request.problem();
		if (problem != null) {
			return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem));
		}
		ChatRequest complete = request.withDefaults();
		Message message = this.chatService.chat(MessageCreateParams.builder()
			.model(complete.model())
			.maxTokens(complete.maxTokens())
			.addUserMessage(complete.prompt())
			.build());
		Usage usage = message.usage();
		String text = message.content()
			.stream()
			.flatMap((block) -> block.text().stream())
			.map((block) -> block.text())
			.reduce("", String::concat);
		return ResponseEntity.ok(new ChatReply(message.model().asString(), text,
				new LlmUsage(usage.inputTokens(), usage.outputTokens(), usage.cacheReadInputTokens().orElse(0L),
						usage.cacheCreationInputTokens().orElse(0L))));
	}

}
