package dev.llmratelimit.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Keeps Spring Boot from recording where each {@code llm.ratelimit.models.*} property came
 * from. Spring Boot keeps, for the {@code configprops} endpoint, the name, value and origin
 * of every property bound to a {@code @ConfigurationProperties} bean for as long as the
 * application runs: about 3 KB per configured model, a third of what a model costs. The
 * endpoint still shows the models' values, without their origins. Every other property,
 * and the binding itself, are left alone.
 */
final class UntrackedModelPropertiesAdvisor implements ConfigurationPropertiesBindHandlerAdvisor {

	private static final ConfigurationPropertyName MODELS = ConfigurationPropertyName.of("llm.ratelimit.models");

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new AbstractBindHandler(bindHandler) {

			@Override
			public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Object result) {
				// the handlers wrapped only record the property (for the endpoint and validation messages)
				return MODELS.isAncestorOf(name) ? result : super.onSuccess(name, target, context, result);
			}

		};
	}

}
