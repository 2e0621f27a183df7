package dev.llmratelimit.sample.chat;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /chat}: the sample app's own API.
 */
@RestController
public class ChatController {

	private final ChatService chatService;

	/**
	 * Creates the controller.
	 * @param chatService the rate-limited service
	 */
	public ChatController(ChatService chatService) {
		this.chatService = chatService;
	}

	/**
	 * Answers a prompt.
	 * @param request model, prompt and optional max tokens
	 * @return the answer with its usage, or a 400 problem for a request without model or
	 * prompt
	 */
	@PostMapping("/chat")
	public ResponseEntity<Object> chat(@RequestBody ChatRequest request) {
		String problem = problem(request);
		if (problem != null) {
			return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem));
		}
		return ResponseEntity.ok(this.chatService.chat(request.withDefaults()));
	}

	private static String problem(ChatRequest request) {
		if (request.model() == null || request.model().isBlank()) {
			return "model is required";
		}
		if (request.prompt() == null || request.prompt().isEmpty()) {
			return "prompt is required";
		}
		if (request.maxTokens() != null && request.maxTokens() < 1) {
			return "maxTokens must be at least 1, was " + request.maxTokens();
		}
		return null;
	}

}
