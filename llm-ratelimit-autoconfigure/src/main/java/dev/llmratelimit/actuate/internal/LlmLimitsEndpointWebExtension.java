package dev.llmratelimit.actuate.internal;

import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint.ModelDescriptor;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of {@link LlmLimitsEndpoint} answering 404 Not Found for a model that has
 * no budget.
 */
@EndpointWebExtension(endpoint = LlmLimitsEndpoint.class)
public class LlmLimitsEndpointWebExtension {

	private final LlmLimitsEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public LlmLimitsEndpointWebExtension(LlmLimitsEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Headroom of one model.
	 * @param model the model id (or an alias)
	 * @return the model, or 404 when it has no budget
	 */
	@ReadOperation
	public WebEndpointResponse<ModelDescriptor> model(@Selector String model) {
		ModelDescriptor descriptor = this.delegate.model(model);
		return (descriptor != null) ? new WebEndpointResponse<>(descriptor)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
