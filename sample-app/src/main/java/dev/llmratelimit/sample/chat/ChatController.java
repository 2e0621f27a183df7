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
		String problem = request.problem();
		if (problem != null) {
			return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem));
		}
		return ResponseEntity.ok(this.chatService.chat(request.withDefaults()));
	}

}
