package dev.llmratelimit.actuate.event;

import org.springframework.context.ApplicationEvent;

/**
 * Base of the application events the rate limiter publishes. Events are published on the
 * thread of the call that caused them: listeners should be quick (or
 * {@code @Async}); an exception a listener throws is logged and never breaks the call.
 */
public abstract class LlmRateLimitEvent extends ApplicationEvent {

	/**
	 * Creates an event about a model.
	 * @param model the model id, also the event's source
	 */
	protected LlmRateLimitEvent(String model) {
		super(model);
	}

	/**
	 * Model the event is about.
	 * @return the model id
	 */
	public String getModel() {
		return (String) getSource();
	}

}
