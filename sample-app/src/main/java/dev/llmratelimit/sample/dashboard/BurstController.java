package dev.llmratelimit.sample.dashboard;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.sample.chat.ChatRequest;
import dev.llmratelimit.sample.chat.ChatService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /burst}: fires a burst of concurrent {@code /chat} calls in the background,
 * so the dashboard (the static page at {@code /}) shows the limiter queueing them instead
 * of letting the provider answer 429. Each call gets its own thread, so that all of them
 * reach the limiter at once.
 */
@RestController
public class BurstController implements DisposableBean {

	/** Most calls one burst may fire. */
	public static final int MAX_CALLS = 100;

	private static final Log logger = LogFactory.getLog(BurstController.class);

	private static final String[] TOPICS = { "token buckets", "sliding windows", "Little's law",
			"prompt caching", "retry-after headers", "exponential back-off", "request pacing",
			"max_tokens budgets" };

	private final ChatService chatService;

	private final LlmRateLimiter limiter;

	private final ExecutorService executor;

	/**
	 * Creates the controller.
	 * @param chatService the rate-limited service the burst calls
	 * @param limiter the limiter, to check the model has a budget
	 */
	public BurstController(ChatService chatService, LlmRateLimiter limiter) {
		this.chatService = chatService;
		this.limiter = limiter;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("burst-");
		threads.setDaemon(true);
		this.executor = Executors.newFixedThreadPool(MAX_CALLS, threads);
	}

	/**
	 * Starts a burst: all calls at once, each waiting for budget as {@code /chat} does.
	 * @param model the model to call
	 * @param calls how many calls, 1 to {@value #MAX_CALLS}; 40 by default
	 * @param maxTokens max tokens of each call; 256 by default, so that the default burst
	 * reserves more output tokens (10,240) than the sample's 8,000 per minute: some calls
	 * wait for earlier ones to give back what they did not use
	 * @return 202 with the burst, or 400 for an unknown model or a bad count
	 */
	@PostMapping("/burst")
	public ResponseEntity<Object> burst(@RequestParam String model, @RequestParam(defaultValue = "40") int calls,
			@RequestParam(defaultValue = "256") int maxTokens) {
		String problem = problem(model, calls, maxTokens);
		if (problem != null) {
			return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem));
		}
		for (int i = 0; i < calls; i++) {
			ChatRequest request = new ChatRequest(model, prompt(i), maxTokens);
			this.executor.execute(() -> call(request));
		}
		return ResponseEntity.accepted().body(new Burst(model, calls, maxTokens));
	}

	/**
	 * Stops the calls still running.
	 */
	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	private String problem(String model, int calls, int maxTokens) {
		if (this.limiter.limits(model).isEmpty()) {
			return "model '" + model + "' has no rate limits configured";
		}
		if (calls < 1 || calls > MAX_CALLS) {
			return "calls must be between 1 and " + MAX_CALLS + ", was " + calls;
		}
		if (maxTokens < 1) {
			return "maxTokens must be at least 1, was " + maxTokens;
		}
		return null;
	}

	private void call(ChatRequest request) {
		try {
			this.chatService.chat(request);
		}
		catch (RuntimeException ex) {
			// the endpoint counts refusals; one line each is enough for a demo
			logger.info("Burst call to " + request.model() + " failed: " + ex.getMessage());
		}
	}

	private static String prompt(int index) {
		String topic = TOPICS[index % TOPICS.length];
		return "Call " + (index + 1) + " of a burst. In a few sentences, explain " + topic
				+ " to a Java developer" + ".".repeat(index % 5 + 1);
	}

	/**
	 * A burst that was started.
	 *
	 * @param model the model called
	 * @param calls how many calls were fired
	 * @param maxTokens max tokens of each call
	 */
	public record Burst(String model, int calls, int maxTokens) {
	}

}
