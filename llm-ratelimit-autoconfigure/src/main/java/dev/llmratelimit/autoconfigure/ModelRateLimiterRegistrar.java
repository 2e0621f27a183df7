package dev.llmratelimit.autoconfigure;

import java.util.Map;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ModelRateLimiter;
import dev.llmratelimit.autoconfigure.LlmRateLimitProperties.Model;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link ModelRateLimiter} bean per entry of {@code llm.ratelimit.models},
 * named after the model id (its aliases become bean aliases), so that one model's limiter
 * can be injected with {@code @Qualifier("claude-sonnet-4-5")}. The beans are lazy: one is
 * created when something asks for it.
 */
class ModelRateLimiterRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	private Environment environment;

	private BeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, Model> models = Binder.get(this.environment)
			.bind("llm.ratelimit.models", Bindable.mapOf(String.class, Model.class))
			.orElse(Map.of());
		models.forEach((id, model) -> register(registry, id, model));
	}

	private void register(BeanDefinitionRegistry registry, String id, Model model) {
		if (registry.isBeanNameInUse(id)) {
			return;
		}
		BeanFactory beans = this.beanFactory;
		RootBeanDefinition definition = new RootBeanDefinition(ModelRateLimiter.class,
				() -> beans.getBean(LlmRateLimiter.class).forModel(id));
		// created when injected: thousands of configured models need not each hold a bean
		definition.setLazyInit(true);
		registry.registerBeanDefinition(id, definition);
		for (String alias : model.getAliases()) {
			if (alias != null && !alias.isBlank() && !registry.isBeanNameInUse(alias.trim())) {
				registry.registerAlias(id, alias.trim());
			}
		}
	}

}
