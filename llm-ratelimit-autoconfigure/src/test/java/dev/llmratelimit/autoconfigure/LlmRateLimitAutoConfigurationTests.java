package dev.llmratelimit.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ModelRateLimiter;
import dev.llmratelimit.aop.internal.LlmRateLimitedAspect;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.BudgetFactory;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.core.internal.LocalBudget;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.guard.internal.CompletionStageReturnTypeHandler;
import dev.llmratelimit.guard.internal.FluxReturnTypeHandler;
import dev.llmratelimit.guard.internal.MonoReturnTypeHandler;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.internal.CharacterRatioTokenEstimator;
import dev.llmratelimit.usage.internal.RequestInspectors;
import dev.llmratelimit.usage.internal.UsageExtractors;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.BoundConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LlmRateLimitAutoConfiguration}.
 */
class LlmRateLimitAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitAutoConfiguration.class, AopAutoConfiguration.class))
		.withBean("anthropicDialect", ProviderDialect.class, () -> new TestProviderDialect("anthropic"))
		.withBean("openaiDialect", ProviderDialect.class, () -> new TestProviderDialect("openai"));

	@Test
	void defaultsRegisterTheLimiterAndItsCollaborators() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(BudgetLimiter.class)
				.hasSingleBean(TimeSource.class)
				.hasSingleBean(DialectRegistry.class)
				.hasSingleBean(RateLimiterRegistry.class)
				.hasSingleBean(CharacterRatioTokenEstimator.class)
				.hasSingleBean(LlmRateLimitedAspect.class);
			assertThat(context.getBean(TimeSource.class)).isSameAs(TimeSource.system());
			assertThat(context.getBean(LlmRateLimiter.class).models()).isEmpty();
		});
	}

	@Test
	void dialectRegistryHoldsEveryProviderDialectBean() {
		this.contextRunner.run((context) -> assertThat(context.getBean(DialectRegistry.class).ids())
			.containsExactlyInAnyOrder("anthropic", "openai"));
	}

	@Test
	void disabledRegistersNoBeans() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.enabled=false",
					"llm.ratelimit.models.claude-sonnet-4-5.requests-per-minute=50")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRateLimiter.class)
				.doesNotHaveBean(ModelRateLimiter.class)
				.doesNotHaveBean(LlmRateLimitedAspect.class)
				.doesNotHaveBean(TokenEstimator.class)
				.doesNotHaveBean(LlmRateLimitProperties.class));
	}

	@Test
	void modelPropertiesBindToModelLimits() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.claude-sonnet-4-5.provider=anthropic",
				"llm.ratelimit.models.claude-sonnet-4-5.requests-per-minute=50",
				"llm.ratelimit.models.claude-sonnet-4-5.input-tokens-per-minute=30000",
				"llm.ratelimit.models.claude-sonnet-4-5.output-tokens-per-minute=8000",
				"llm.ratelimit.models.claude-sonnet-4-5.max-concurrent-requests=4",
				"llm.ratelimit.models.claude-sonnet-4-5.default-max-tokens=512",
				"llm.ratelimit.models.claude-sonnet-4-5.aliases=claude-sonnet-latest",
				"llm.ratelimit.models.claude-sonnet-4-5.output-reservation=expected",
				"llm.ratelimit.models.claude-sonnet-4-5.cache-reads-count-as-input=true",
				"llm.ratelimit.models.claude-sonnet-4-5.input-output-cost=max")
			.run((context) -> {
				ModelLimits limits = context.getBean(LlmRateLimiter.class).limits("claude-sonnet-4-5").orElseThrow();
				assertThat(limits.provider()).isEqualTo("anthropic");
				assertThat(limits.limits()).containsEntry(Meter.REQUESTS_PER_MINUTE, 50L)
					.containsEntry(Meter.INPUT_TOKENS_PER_MINUTE, 30000L)
					.containsEntry(Meter.OUTPUT_TOKENS_PER_MINUTE, 8000L)
					.containsEntry(Meter.CONCURRENT_REQUESTS, 4L)
					.hasSize(4);
				assertThat(limits.defaultMaxTokens()).isEqualTo(512);
				assertThat(limits.aliases()).containsExactly("claude-sonnet-latest");
				assertThat(limits.outputReservation()).isEqualTo(ModelLimits.OutputReservation.EXPECTED);
				assertThat(limits.cacheReadsCountAsInput()).isTrue();
				assertThat(limits.inputOutputCost()).isEqualTo(ModelLimits.InputOutputCost.MAX);
				assertThat(limits.pacingInterval()).isNull();
			});
	}

	@Test
	void dailyResetAndExternalConsumptionBindPerModel() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.gemini-2-5-flash.requests-per-day=250",
				"llm.ratelimit.models.gemini-2-5-flash.daily-reset=calendar",
				"llm.ratelimit.models.gemini-2-5-flash.daily-reset-zone=America/Los_Angeles",
				"llm.ratelimit.models.gemini-2-5-flash.external-consumption=false")
			.run((context) -> {
				ModelLimits limits = context.getBean(LlmRateLimiter.class).limits("gemini-2-5-flash").orElseThrow();
				assertThat(limits.dailyReset()).isEqualTo(ModelLimits.DailyReset.CALENDAR);
				assertThat(limits.dailyResetZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
				assertThat(limits.externalConsumption()).isFalse();
			});
	}

	@Test
	void dailyResetIsRollingInUtcAndExternalConsumptionOnByDefault() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.gpt-4o.requests-per-day=10000").run((context) -> {
			ModelLimits limits = context.getBean(LlmRateLimiter.class).limits("gpt-4o").orElseThrow();
			assertThat(limits.dailyReset()).isEqualTo(ModelLimits.DailyReset.ROLLING);
			assertThat(limits.dailyResetZone()).isEqualTo(ZoneOffset.UTC);
			assertThat(limits.externalConsumption()).isTrue();
		});
	}

	@Test
	void modelIdWithDotsBindsThroughBrackets() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models[gpt-4.1-mini].provider=openai",
				"llm.ratelimit.models[gpt-4.1-mini].requests-per-minute=500",
				"llm.ratelimit.models[gpt-4.1-mini].tokens-per-minute=200000",
				"llm.ratelimit.models[gpt-4.1-mini].requests-per-day=10000",
				"llm.ratelimit.models[gpt-4.1-mini].tokens-per-day=2000000")
			.run((context) -> {
				LlmRateLimiter limiter = context.getBean(LlmRateLimiter.class);
				assertThat(limiter.models()).containsExactly("gpt-4.1-mini");
				assertThat(limiter.limits("gpt-4.1-mini").orElseThrow().limits())
					.containsEntry(Meter.REQUESTS_PER_MINUTE, 500L)
					.containsEntry(Meter.TOKENS_PER_MINUTE, 200000L)
					.containsEntry(Meter.REQUESTS_PER_DAY, 10000L)
					.containsEntry(Meter.TOKENS_PER_DAY, 2000000L);
			});
	}

	@Test
	void modelPropertiesAreBoundWithoutKeepingTheirOriginsForTheConfigpropsEndpoint() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.models.gpt-4o.requests-per-minute=500", "llm.ratelimit.max-wait=5s")
			.run((context) -> {
				assertThat(context.getBean(LlmRateLimitProperties.class).getModels().get("gpt-4o").getRequestsPerMinute())
					.isEqualTo(500);
				BoundConfigurationProperties bound = BoundConfigurationProperties.get(context);
				assertThat(bound.get(ConfigurationPropertyName.of("llm.ratelimit.models.gpt-4o.requests-per-minute")))
					.isNull();
				assertThat(bound.get(ConfigurationPropertyName.of("llm.ratelimit.max-wait")).getValue())
					.isEqualTo("5s");
			});
	}

	@Test
	void globalPropertiesConfigureTheLimiter() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.allow-unconfigured-models=false", "llm.ratelimit.max-wait=0s")
			.run((context) -> assertThatIllegalArgumentException()
				.isThrownBy(() -> context.getBean(LlmRateLimiter.class).reserve("unknown-model", 1, 1))
				.withMessageContaining("unknown-model"));
	}

	@Test
	void negativeLimitFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.gpt-4o.tokens-per-minute=-5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidLlmRateLimitPropertyException.class)
				.hasMessage("llm.ratelimit.models[gpt-4o].tokens-per-minute must be positive, was -5"));
	}

	@Test
	void zeroMaxConcurrentRequestsFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.gpt-4o.max-concurrent-requests=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("llm.ratelimit.models[gpt-4o].max-concurrent-requests must be positive, was 0"));
	}

	@Test
	void negativeMaxWaitFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.ratelimit.max-wait=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("llm.ratelimit.max-wait must not be negative, was PT-1S"));
	}

	@Test
	void unknownProviderFailsStartupListingTheKnownProviders() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.gpt-4o.provider=openia")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("llm.ratelimit.models[gpt-4o].provider 'openia' is not a known provider; "
						+ "known providers: [anthropic, openai]"));
	}

	@Test
	void pacingWithoutIntervalOrRequestsPerMinuteFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.gpt-4o.pacing.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("llm.ratelimit.models[gpt-4o].pacing.interval must be set"));
	}

	@Test
	void pacingIntervalDefaultsToOneMinuteOverRequestsPerMinute() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.models.gpt-4o.requests-per-minute=120",
					"llm.ratelimit.models.gpt-4o.pacing.enabled=true")
			.run((context) -> assertThat(
					context.getBean(LlmRateLimiter.class).limits("gpt-4o").orElseThrow().pacingInterval())
				.isEqualTo(Duration.ofMillis(500)));
	}

	@Test
	void pacedModelRegistersItsRateLimiterInTheRegistry() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.models.gpt-4o.pacing.enabled=true",
					"llm.ratelimit.models.gpt-4o.pacing.interval=2s")
			.run((context) -> {
				RateLimiterRegistry registry = context.getBean(RateLimiterRegistry.class);
				assertThat(registry.find("llm-gpt-4o")).hasValueSatisfying((rateLimiter) -> {
					assertThat(rateLimiter.getRateLimiterConfig().getLimitForPeriod()).isEqualTo(1);
					assertThat(rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod())
						.isEqualTo(Duration.ofSeconds(2));
				});
			});
	}

	@Test
	void unpacedModelRegistersNoRateLimiter() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.gpt-4o.requests-per-minute=60")
			.run((context) -> assertThat(context.getBean(RateLimiterRegistry.class).find("llm-gpt-4o")).isEmpty());
	}

	@Test
	void eachConfiguredModelIsItsOwnModelRateLimiterBean() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.models.claude-sonnet-4-5.requests-per-minute=50",
					"llm.ratelimit.models[gpt-4.1-mini].requests-per-minute=500")
			.run((context) -> {
				assertThat(context.getBeansOfType(ModelRateLimiter.class)).containsOnlyKeys("claude-sonnet-4-5",
						"gpt-4.1-mini");
				assertThat(context.getBean("gpt-4.1-mini", ModelRateLimiter.class).model()).isEqualTo("gpt-4.1-mini");
			});
	}

	@Test
	void modelRateLimiterCanBeInjectedByQualifier() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.models.claude-sonnet-4-5.requests-per-minute=50",
					"llm.ratelimit.models.gpt-4o.requests-per-minute=500")
			.withUserConfiguration(QualifiedConsumerConfiguration.class)
			.run((context) -> {
				ModelRateLimiter limiter = context.getBean(QualifiedConsumer.class).limiter();
				assertThat(limiter.model()).isEqualTo("claude-sonnet-4-5");
				assertThat(limiter.headroom().meters().get(Meter.REQUESTS_PER_MINUTE).limit()).isEqualTo(50);
			});
	}

	@Test
	void modelRateLimiterBeanAnswersToItsAliases() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.models.claude-sonnet-4-5.requests-per-minute=50",
					"llm.ratelimit.models.claude-sonnet-4-5.aliases=claude-sonnet-latest")
			.run((context) -> assertThat(context.getBean("claude-sonnet-latest"))
				.isSameAs(context.getBean("claude-sonnet-4-5")));
	}

	@Test
	void backsOffForAUserLimiter() {
		BudgetLimiter userLimiter = BudgetLimiter.builder().build();
		this.contextRunner.withBean("myLimiter", LlmRateLimiter.class, () -> userLimiter)
			.run((context) -> assertThat(context).getBean(LlmRateLimiter.class).isSameAs(userLimiter));
	}

	@Test
	void modelRateLimiterBeansUseAUserLimiter() {
		BudgetLimiter userLimiter = BudgetLimiter.builder()
			.model(ModelLimits.builder("gpt-4o").limit(Meter.REQUESTS_PER_MINUTE, 7).build())
			.build();
		this.contextRunner.withBean("myLimiter", LlmRateLimiter.class, () -> userLimiter)
			.withPropertyValues("llm.ratelimit.models.gpt-4o.requests-per-minute=500")
			.run((context) -> assertThat(context.getBean("gpt-4o", ModelRateLimiter.class)
				.headroom()
				.meters()
				.get(Meter.REQUESTS_PER_MINUTE)
				.limit()).isEqualTo(7));
	}

	@Test
	void backsOffForAUserTokenEstimator() {
		TokenEstimator estimator = (model, text) -> 1;
		this.contextRunner.withBean(TokenEstimator.class, () -> estimator)
			.run((context) -> assertThat(context).getBean(TokenEstimator.class).isSameAs(estimator));
	}

	@Test
	void backsOffForAUserDialectRegistry() {
		DialectRegistry registry = DialectRegistry.empty();
		this.contextRunner.withBean("myRegistry", DialectRegistry.class, () -> registry)
			.run((context) -> assertThat(context).getBean(DialectRegistry.class).isSameAs(registry));
	}

	@Test
	void backsOffForAUserAspect() {
		this.contextRunner.withUserConfiguration(UserAspectConfiguration.class)
			.run((context) -> assertThat(context).getBean(LlmRateLimitedAspect.class)
				.isSameAs(context.getBean("myAspect")));
	}

	@Test
	void backsOffForAUserTimeSource() {
		ManualTimeSource time = new ManualTimeSource();
		this.contextRunner.withBean(TimeSource.class, () -> time)
			.run((context) -> assertThat(context).getBean(TimeSource.class).isSameAs(time));
	}

	@Test
	void backsOffForAUserRateLimiterRegistryAndPacesThroughIt() {
		RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
		this.contextRunner.withBean(RateLimiterRegistry.class, () -> registry)
			.withPropertyValues("llm.ratelimit.models.gpt-4o.requests-per-minute=60",
					"llm.ratelimit.models.gpt-4o.pacing.enabled=true")
			.run((context) -> {
				assertThat(context).getBean(RateLimiterRegistry.class).isSameAs(registry);
				assertThat(registry.find("llm-gpt-4o")).isPresent();
			});
	}

	@Test
	void budgetFactoryBeanProvidesTheBudgets() {
		List<String> created = new ArrayList<>();
		BudgetFactory factory = (limits) -> {
			created.add(limits.model());
			return new LocalBudget(limits, TimeSource.system(), LimiterSettings.builder().leaseTimeout(Duration.ofMinutes(1)).build());
		};
		this.contextRunner.withBean(BudgetFactory.class, () -> factory)
			.withPropertyValues("llm.ratelimit.models.gpt-4o.requests-per-minute=60")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(created).containsExactly("gpt-4o");
			});
	}

	@Test
	void redisStoreWithoutARedisBudgetFactoryFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.ratelimit.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("llm.ratelimit.store is redis but no Redis store is available"));
	}

	@Test
	void limiterListenerBeansHearAdmissions() {
		List<String> admitted = new ArrayList<>();
		LimiterListener listener = new LimiterListener() {

			@Override
			public void admitted(String model, long waitedNanos, Cost reserved) {
				admitted.add(model);
			}

		};
		this.contextRunner.withBean(LimiterListener.class, () -> listener).run((context) -> {
			context.getBean(LlmRateLimiter.class).reserve("gpt-4o", 10, 10).completeAsReserved();
			assertThat(admitted).containsExactly("gpt-4o");
		});
	}

	@Test
	void returnTypeHandlersForCompletionStageMonoAndFluxAreRegistered() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(CompletionStageReturnTypeHandler.class)
			.hasSingleBean(MonoReturnTypeHandler.class)
			.hasSingleBean(FluxReturnTypeHandler.class));
	}

	@Test
	void withoutReactorTheAspectHandlesCompletionStagesOnly() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("reactor.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LlmRateLimitedAspect.class)
				.hasSingleBean(CompletionStageReturnTypeHandler.class)
				.doesNotHaveBean(MonoReturnTypeHandler.class)
				.doesNotHaveBean(FluxReturnTypeHandler.class));
	}

	@Test
	void withoutAspectJTheLimiterWorksWithoutTheAspect() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Aspect.class))
			.run((context) -> assertThat(context).hasSingleBean(LlmRateLimiter.class)
				.doesNotHaveBean(LlmRateLimitedAspect.class));
	}

	@Test
	void unsetMetersStayUnlimited() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.gpt-4o.requests-per-minute=60")
			.run((context) -> assertThat(context.getBean(LlmRateLimiter.class)
				.limits("gpt-4o")
				.orElseThrow()
				.limit(Meter.TOKENS_PER_MINUTE)).isEqualTo(OptionalLong.empty()));
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedConsumerConfiguration {

		@Bean
		QualifiedConsumer qualifiedConsumer(@Qualifier("claude-sonnet-4-5") ModelRateLimiter limiter) {
			return new QualifiedConsumer(limiter);
		}

	}

	record QualifiedConsumer(ModelRateLimiter limiter) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserAspectConfiguration {

		@Bean
		LlmRateLimitedAspect myAspect(LlmRateLimiter limiter, Environment environment) {
			return new LlmRateLimitedAspect(() -> LlmCallTemplate.builder(limiter).build(),
					CharacterRatioTokenEstimator::new, () -> new RequestInspectors(List.of()),
					() -> new UsageExtractors(List.of()), environment, null, () -> null, 0);
		}

	}

}
