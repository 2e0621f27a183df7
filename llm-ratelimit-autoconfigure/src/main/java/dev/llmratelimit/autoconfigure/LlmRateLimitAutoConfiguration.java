package dev.llmratelimit.autoconfigure;

import java.util.List;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.aop.internal.LlmRateLimitedAspect;
import dev.llmratelimit.core.FailureResponses;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.BudgetFactory;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.CallStatistics;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.guard.ReturnTypeHandler;
import dev.llmratelimit.guard.internal.CompletionStageReturnTypeHandler;
import dev.llmratelimit.guard.internal.FluxReturnTypeHandler;
import dev.llmratelimit.guard.internal.MonoReturnTypeHandler;
import dev.llmratelimit.pacing.internal.RequestPacers;
import dev.llmratelimit.store.memory.internal.InMemoryBudgetStore;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.internal.CharacterRatioTokenEstimator;
import dev.llmratelimit.usage.internal.LlmUsageExtractor;
import dev.llmratelimit.usage.internal.RequestInspectors;
import dev.llmratelimit.usage.internal.UsageExtractors;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.weaver.Advice;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
 * resilience4j, the {@link LlmCallTemplate} that runs calls inside their reservations,
 * and the {@code @LlmRateLimited} aspect when AspectJ is present.
 * Budgets live in an {@link InMemoryBudgetStore} unless {@code llm.ratelimit.store=redis}
 * (then {@link LlmRateLimitRedisAutoConfiguration}, which runs first, provides the store)
 * or the application defines its own {@link BudgetFactory}.
 */
@AutoConfiguration(
		afterName = "io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration")
@ConditionalOnBooleanProperty(name = "llm.ratelimit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmRateLimitProperties.class)
@Import(ModelRateLimiterRegistrar.class)
public final class LlmRateLimitAutoConfiguration {

	@Bean
	static UntrackedModelPropertiesAdvisor llmRateLimitUntrackedModelPropertiesAdvisor() {
		return new UntrackedModelPropertiesAdvisor();
	}

	@Bean
	@ConditionalOnMissingBean
	TimeSource llmRateLimitTimeSource() {
		return TimeSource.system();
	}

	@Bean
	@ConditionalOnMissingBean
	LimiterSettings llmRateLimiterSettings(LlmRateLimitProperties properties) {
		return LimiterSettingsMapper.map(properties);
	}

	@Bean
	@ConditionalOnMissingBean(BudgetFactory.class)
	@ConditionalOnProperty(name = "llm.ratelimit.store", havingValue = "memory", matchIfMissing = true)
	InMemoryBudgetStore llmRateLimitMemoryStore(LimiterSettings settings, TimeSource timeSource) {
		return new InMemoryBudgetStore(timeSource, settings);
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
	BudgetLimiter llmRateLimiter(LlmRateLimitProperties properties, LimiterSettings settings, TimeSource timeSource,
			DialectRegistry dialects, RateLimiterRegistry rateLimiterRegistry, ObjectProvider<BudgetFactory> budgetFactory,
			ObjectProvider<LimiterListener> listeners, ObjectProvider<FailureResponses> failureResponses) {
		List<ModelLimits> models = new ModelLimitsMapper(dialects).map(properties);
		BudgetFactory store = budgetFactory.getIfAvailable();
		if (store == null) {
			throw new InvalidLlmRateLimitPropertyException("llm.ratelimit.store",
					"is redis but no Redis store is available", "Add spring-boot-starter-data-redis and configure "
							+ "spring.data.redis.*, or set llm.ratelimit.store=memory.");
		}
		BudgetLimiter.Builder builder = BudgetLimiter.builder()
			.timeSource(timeSource)
			.settings(settings)
			.dialects(dialects)
			.budgetFactory(store)
			.pacers(new RequestPacers(rateLimiterRegistry, settings.defaultMaxWait()));
		listeners.orderedStream().forEach(builder::listener);
		failureResponses.orderedStream().forEach(builder::failureResponses);
		models.forEach(builder::model);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallTemplate llmCallTemplate(ObjectProvider<LlmRateLimiter> limiter,
			ObjectProvider<RequestInspectors> requestInspectors, ObjectProvider<TokenEstimator> tokenEstimator,
			ObjectProvider<UsageExtractors> usageExtractors, ObjectProvider<ReturnTypeHandler> returnTypeHandlers) {
		return LlmCallTemplate.builder(SingletonSupplier.of(limiter::getObject))
			.requestInspectors(
					SingletonSupplier.of(() -> requestInspectors.getIfAvailable(() -> new RequestInspectors(List.of()))))
			.tokenEstimator(SingletonSupplier.of(tokenEstimator::getObject))
			.usageExtractor(SingletonSupplier.of(() -> usageExtractors
				.getIfAvailable(() -> new UsageExtractors(List.of(new LlmUsageExtractor())))))
			.returnTypeHandlers(returnTypeHandlers.orderedStream().toList())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	CompletionStageReturnTypeHandler completionStageReturnTypeHandler() {
		return new CompletionStageReturnTypeHandler();
	}

	/**
	 * Reactor's {@code Mono} and {@code Flux}, when Reactor is on the classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Flux.class)
	static class ReactorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MonoReturnTypeHandler monoReturnTypeHandler() {
			return new MonoReturnTypeHandler();
		}

		@Bean
		@ConditionalOnMissingBean
		FluxReturnTypeHandler fluxReturnTypeHandler() {
			return new FluxReturnTypeHandler();
		}

	}

	/**
	 * The {@code @LlmRateLimited} aspect, when AspectJ is on the classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Aspect.class, Advice.class })
	static class AspectConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LlmRateLimitedAspect llmRateLimitedAspect(ObjectProvider<LlmCallTemplate> template,
				ObjectProvider<TokenEstimator> tokenEstimator, ObjectProvider<RequestInspectors> requestInspectors,
				ObjectProvider<UsageExtractors> usageExtractors, Environment environment, BeanFactory beanFactory,
				ObjectProvider<CallStatistics> callStatistics, LlmRateLimitProperties properties) {
			int maxAttempts = properties.getRetry().getMaxAttempts();
			if (maxAttempts < 0) {
				throw new InvalidLlmRateLimitPropertyException("llm.ratelimit.retry.max-attempts",
						"must not be negative, was " + maxAttempts, "Set it to 0 (no retry) or more.");
			}
			return new LlmRateLimitedAspect(SingletonSupplier.of(template::getObject),
					SingletonSupplier.of(tokenEstimator::getObject),
					SingletonSupplier.of(() -> requestInspectors.getIfAvailable(() -> new RequestInspectors(List.of()))),
					SingletonSupplier.of(() -> usageExtractors
						.getIfAvailable(() -> new UsageExtractors(List.of(new LlmUsageExtractor())))),
					environment, beanFactory, SingletonSupplier.of(callStatistics::getIfAvailable), maxAttempts);
		}

	}

}
