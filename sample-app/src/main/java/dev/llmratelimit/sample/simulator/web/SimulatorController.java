package dev.llmratelimit.sample.simulator.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.sample.anthropic.ErrorResponse;
import dev.llmratelimit.sample.anthropic.MessagesRequest;
import dev.llmratelimit.sample.anthropic.MessagesResponse;
import dev.llmratelimit.sample.simulator.Admission;
import dev.llmratelimit.sample.simulator.Rejection;
import dev.llmratelimit.sample.simulator.SimulatedCall;
import dev.llmratelimit.sample.simulator.SimulatedProvider;
import dev.llmratelimit.sample.simulator.SimulatedReply;
import dev.llmratelimit.sample.simulator.SimulatedRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the simulated provider as {@code POST /v1/messages} in the Anthropic Messages
 * wire format: 200 with the answer and its usage, or 429 {@code rate_limit_error}, both
 * with the rate-limit headers.
 */
@RestController
@ConditionalOnBooleanProperty(name = "simulator.enabled", matchIfMissing = true)
public class SimulatorController {

	private final SimulatedProvider provider;

	private final Duration latency;

	/**
	 * Creates the controller.
	 * @param provider the simulated provider
	 * @param properties the simulator properties, for the latency
	 */
	public SimulatorController(SimulatedProvider provider, SimulatorProperties properties) {
		this.provider = provider;
		this.latency = properties.getLatency();
	}

	/**
	 * Answers a Messages API request.
	 * @param request the request
	 * @return the answer, a 429 rate-limit error, or a 400 for an invalid request
	 * @throws InterruptedException if interrupted while simulating latency
	 */
	@PostMapping(path = "/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Object> messages(@RequestBody MessagesRequest request) throws InterruptedException {
		String problem = problem(request);
		if (problem != null) {
			return invalidRequest(problem);
		}
		Admission admission = this.provider
			.admit(new SimulatedRequest(request.model(), request.inputText(), request.maxTokens()));
		if (admission instanceof Rejection rejection) {
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.headers(headers(rejection.headers()))
				.body(ErrorResponse.of("rate_limit_error", rejection.message(), rejection.requestId()));
		}
		Thread.sleep(this.latency.toMillis());
		SimulatedReply reply = ((SimulatedCall) admission).complete();
		return ResponseEntity.ok().headers(headers(reply.headers())).body(response(reply, request.maxTokens()));
	}

	/**
	 * Answers an unreadable body the way the provider does.
	 * @param ex the parse failure
	 * @return a 400 {@code invalid_request_error}
	 */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	public ResponseEntity<Object> unreadable(HttpMessageNotReadableException ex) {
		return invalidRequest("The request body is not valid JSON for the Messages API");
	}

	private MessagesResponse response(SimulatedReply reply, int maxTokens) {
		String text = AnswerText.ofLength(this.provider.tokenizer().characters(reply.outputTokens()));
		String stopReason = (reply.outputTokens() >= maxTokens) ? "max_tokens" : "end_turn";
		return new MessagesResponse("msg_" + reply.requestId().substring("req_".length()), "message", "assistant",
				reply.model(), List.of(new MessagesResponse.ContentBlock("text", text)), stopReason, null,
				new MessagesResponse.Usage(reply.inputTokens(), reply.outputTokens(), 0, 0));
	}

	private static String problem(MessagesRequest request) {
		if (request.model() == null || request.model().isBlank()) {
			return "model: Field required";
		}
		if (request.maxTokens() == null) {
			return "max_tokens: Field required";
		}
		if (request.maxTokens() < 1) {
			return "max_tokens: Input should be greater than or equal to 1";
		}
		if (request.messages() == null || request.messages().isEmpty()) {
			return "messages: at least one message is required";
		}
		return null;
	}

	private static ResponseEntity<Object> invalidRequest(String message) {
		return ResponseEntity.badRequest().body(ErrorResponse.of("invalid_request_error", message, null));
	}

	private static HttpHeaders headers(Map<String, String> values) {
		HttpHeaders headers = new HttpHeaders();
		values.forEach(headers::set);
		return headers;
	}

}
