package dev.llmratelimit.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.aop.LlmRateLimitedAspect;
import dev.llmratelimit.aop.ReturnTypeHandler;
import dev.llmratelimit.core.BudgetFactory;
import dev.llmratelimit.core.BudgetLimiter;
import dev.llmratelimit.core.DialectRegistry;
import dev.llmratelimit.core.FailureResponses;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.pacing.RequestPacers;
import dev.llmratelimit.usage.CharacterRatioTokenEstimator;
import dev.llmratelimit.usage.TokenEstimator;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.weaver.Advice;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * {@link AutoConfiguration Auto-configuration} of the LLM rate limiter: the
 * {@link LlmRateLimiter} over every configured model, one
 * {@link dev.llmratelimit.ModelRateLimiter} bean per model, request pacing through
 * resilience4j, and the {@code @LlmRateLimited} aspect when AspectJ is present.
 * Budgets live in memory unless another auto-configuration provides a
 * {@link BudgetFactory} (Redis).
 */
@AutoConfiguration(
		afterName = "io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration")
@ConditionalOnBooleanProperty(name = "llm.ratelimit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmRateLimitProperties.class)
@Import(ModelRateLimiterRegistrar.class)
public final class LlmRateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TimeSource llmRateLimitTimeSource() {
		return TimeSource.system();
	}

	@Bean
	@ConditionalOnMissingBean
	DialectRegistry llmDialectRegistry(ObjectProvider<ProviderDialect> dialects) {
		return new DialectRegistry(dialects.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimiterRegistry rateLimiterRegistry() {
		return RateLimiterRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean(TokenEstimator.class)
	CharacterRatioTokenEstimator llmTokenEstimator() {
		return new CharacterRatioTokenEstimator();
	}

	@Bean
	@ConditionalOnMissingBean(LlmRateLimiter.class)
	BudgetLimiter llmRateLimiter(LlmRateLimitProperties properties, TimeSource timeSource, DialectRegistry dialects,
			RateLimiterRegistry rateLimiterRegistry, ObjectProvider<BudgetFactory> budgetFactory,
			ObjectProvider<LimiterListener> listeners, ObjectProvider<FailureResponses> failureResponses) {
		List<ModelLimits> models = new ModelLimitsMapper(dialects).map(properties);
		BudgetFactory store = budgetFactory.getIfAvailable();
		if (store == null && properties.getStore() == LlmRateLimitProperties.Store.REDIS) {
			throw new InvalidLlmRateLimitPropertyException("llm.ratelimit.store",
					"is redis but no Redis store is available", "Add spring-boot-starter-data-redis and configure "
							+ "spring.data.redis.*, or set llm.ratelimit.store=memory.");
		}
		BudgetLimiter.Builder builder = BudgetLimiter.builder()
			.timeSource(timeSource)
			.defaultMaxWait(properties.getMaxWait())
			.leaseTimeout(properties.getLeaseTimeout())
			.allowUnconfiguredModels(properties.isAllowUnconfiguredModels())
			.calibrateInputEstimates(properties.getCalibration().isEnabled())
			.observationLag(observationLag(properties))
			.dialects(dialects)
			.budgetFactory(store)
			.pacers(new RequestPacers(rateLimiterRegistry, properties.getMaxWait()));
		listeners.orderedStream().forEach(builder::listener);
		failureResponses.orderedStream().forEach(builder::failureResponses);
		models.forEach(builder::model);
		return builder.build();
	}

	private static Duration observationLag(LlmRateLimitProperties properties) {
		Duration lag = properties.getObservationLag();
		if (lag == null || lag.isNegative()) {
			throw new InvalidLlmRateLimitPropertyException("llm.ratelimit.observation-lag",
					"must not be negative, was " + lag, "Set llm.ratelimit.observation-lag to 0 or more, e.g. 200ms.");
		}
		return lag;
	}

	/**
	 * The {@code @LlmRateLimited} aspect, when AspectJ is on the classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Aspect.class, Advice.class })
	static class AspectConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmRateLimitedAspect llmRateLimitedAspect(ObjectProvider<LlmRateLimiter> limiter,
				ObjectProvider<TokenEstimator> tokenEstimator, Environment environment, BeanFactory beanFactory,
				ObjectProvider<ReturnTypeHandler> returnTypeHandlers, LlmRateLimitProperties properties) {
			int maxAttempts = properties.getRetry().getMaxAttempts();
			if (maxAttempts < 0) {
				throw new InvalidLlmRateLimitPropertyException("llm.ratelimit.retry.max-attempts",
						"must not be negative, was " + maxAttempts, "Set it to 0 (no retry) or more.");
			}
			return new LlmRateLimitedAspect(SingletonSupplier.of(limiter::getObject),
					SingletonSupplier.of(tokenEstimator::getObject), environment, beanFactory,
					returnTypeHandlers.orderedStream().toList(), maxAttempts);
		}

	}

}
