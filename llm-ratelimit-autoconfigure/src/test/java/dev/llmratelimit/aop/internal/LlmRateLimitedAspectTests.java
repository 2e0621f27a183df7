package dev.llmratelimit.aop.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitObservabilityAutoConfiguration;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.CallStatistics;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.core.internal.ObservedCalls.OutputTokens;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.guard.ReturnTypeHandler;
import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation;
import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation.Settlement;
import dev.llmratelimit.usage.internal.CharacterRatioTokenEstimator;
import dev.llmratelimit.usage.internal.LlmUsageExtractor;
import dev.llmratelimit.usage.internal.RequestInspectors;
import dev.llmratelimit.usage.internal.UsageExtractors;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link LlmRateLimitedAspect} on real proxied beans.
 */
class LlmRateLimitedAspectTests {

	private static final long TOKENS_PER_MINUTE = 10_000;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitAutoConfiguration.class, AopAutoConfiguration.class))
		.withBean(TimeSource.class, ManualTimeSource::new)
		.withBean(ChatService.class)
		.withBean(WholeTypeService.class)
		.withPropertyValues("llm.ratelimit.models.claude.requests-per-minute=100",
				"llm.ratelimit.models.claude.tokens-per-minute=" + TOKENS_PER_MINUTE,
				"llm.ratelimit.models.claude.default-max-tokens=100", "llm.ratelimit.models.tiny.requests-per-minute=1",
				"chat.model=claude");

	@Test
	void serviceIsProxied() {
		run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(ChatService.class))).isTrue());
	}

	@Test
	void maxTokensAndInputTokensComeFromExpressionsOverTheArguments() {
		run((context) -> {
			Reservation reservation = context.getBean(ChatService.class).counted("ignored", 300, 42);
			assertThat(reservation.maxTokens()).isEqualTo(300);
			assertThat(reservation.inputTokens()).isEqualTo(42);
		});
	}

	@Test
	void inputTokensExpressionGivingTextIsEstimated() {
		run((context) -> assertThat(context.getBean(ChatService.class).textInput("0123456789", "ignored").inputTokens())
			.isEqualTo(3));
	}

	@Test
	void inputIsEstimatedFromTextArgumentsByDefault() {
		run((context) -> assertThat(
				context.getBean(ChatService.class).defaults("12345678", List.of("abcd", "abcdefgh"), 7).inputTokens())
			.isEqualTo(5));
	}

	@Test
	void maxTokensDefaultsToTheModelsDefaultMaxTokens() {
		run((context) -> assertThat(context.getBean(ChatService.class).defaults("", List.of(), 7).maxTokens())
			.isEqualTo(100));
	}

	@Test
	void modelExpressionChoosesTheModelPerCall() {
		run((context) -> assertThat(context.getBean(ChatService.class).byModel("tiny").model()).isEqualTo("tiny"));
	}

	@Test
	void modelPlaceholderIsResolvedFromTheEnvironment() {
		run((context) -> assertThat(context.getBean(ChatService.class).byPlaceholder().model()).isEqualTo("claude"));
	}

	@Test
	void modelExpressionGivingNullFailsNamingTheMethod() {
		run((context) -> assertThatIllegalStateException()
			.isThrownBy(() -> context.getBean(ChatService.class).byModel(null))
			.withMessageContaining("ChatService.byModel")
			.withMessageContaining("'#model' gave null"));
	}

	@Test
	void usageExpressionGivingLlmUsageReconcilesTheBudget() {
		run((context) -> {
			context.getBean(ChatService.class).usageExpression("1234", LlmUsage.of(50, 20));
			assertThat(tokensAvailable(context)).isEqualTo(TOKENS_PER_MINUTE - 70);
		});
	}

	@Test
	void usageExpressionGivingANumberCountsOutputTokens() {
		run((context) -> {
			context.getBean(ChatService.class).outputCount("12345678", 10);
			assertThat(tokensAvailable(context)).isEqualTo(TOKENS_PER_MINUTE - 2 - 10);
		});
	}

	@Test
	void usageIsTakenFromTheResultsUsageMethodByDefault() {
		run((context) -> {
			context.getBean(ChatService.class).reply("1234", LlmUsage.of(30, 5));
			assertThat(tokensAvailable(context)).isEqualTo(TOKENS_PER_MINUTE - 35);
		});
	}

	@Test
	void resultWithoutUsageKeepsTheReservationAsItsCost() {
		run((context) -> {
			context.getBean(ChatService.class).defaults("12345678", List.of(), 7);
			assertThat(tokensAvailable(context)).isEqualTo(TOKENS_PER_MINUTE - 2 - 100);
		});
	}

	@Test
	void exceptionPassesThroughUnchangedAndTheOutputReservationIsRefunded() {
		run((context) -> {
			IllegalArgumentException failure = new IllegalArgumentException("provider said no");
			Throwable thrown = catchThrowable(() -> context.getBean(ChatService.class).failing("12345678", failure));
			assertThat(thrown).isSameAs(failure);
			assertThat(tokensAvailable(context)).isEqualTo(TOKENS_PER_MINUTE - 2);
			assertThat(headroom(context, Meter.REQUESTS_PER_MINUTE)).isEqualTo(99);
			assertThat(context.getBean(LlmRateLimiter.class).headroom("claude").orElseThrow().inFlight()).isZero();
		});
	}

	@Test
	void zeroMaxWaitFailsFastWithoutCallingTheMethod() {
		run((context) -> {
			ChatService service = context.getBean(ChatService.class);
			service.failFast();
			assertThatExceptionOfType(LlmRateLimitExceededException.class).isThrownBy(service::failFast)
				.satisfies((ex) -> {
					assertThat(ex.model()).isEqualTo("tiny");
					assertThat(ex.meter()).isEqualTo(Meter.REQUESTS_PER_MINUTE);
				});
			assertThat(service.failFastCalls()).isEqualTo(1);
		});
	}

	@Test
	void usageExpressionThatFailsKeepsTheReservationAndReturnsTheResult() {
		run((context) -> {
			assertThat(context.getBean(ChatService.class).brokenUsage("12345678")).isEqualTo("answer");
			assertThat(tokensAvailable(context)).isEqualTo(TOKENS_PER_MINUTE - 2 - 100);
			assertThat(context.getBean(LlmRateLimiter.class).headroom("claude").orElseThrow().inFlight()).isZero();
		});
	}

	@Test
	void returnTypeHandlerBeanSettlesCallsOfItsType() {
		this.contextRunner.withBean(ReturnTypeHandler.class, CancellingStringBuilderHandler::new).run((context) -> {
			StringBuilder result = context.getBean(ChatService.class).builder("12345678");
			assertThat(result).hasToString("handled");
			assertThat(tokensAvailable(context)).isEqualTo(TOKENS_PER_MINUTE);
		});
	}

	@Test
	void reservationIsCurrentOnlyDuringTheCall() {
		run((context) -> {
			Reservation during = context.getBean(ChatService.class).counted("ignored", 1, 1);
			assertThat(during.isSettled()).isTrue();
			assertThat(ReservationContext.current()).isEmpty();
		});
	}

	@Test
	void typeLevelAnnotationGuardsEveryPublicMethod() {
		run((context) -> {
			WholeTypeService service = context.getBean(WholeTypeService.class);
			assertThat(service.first().model()).isEqualTo("claude");
			assertThat(service.second().model()).isEqualTo("claude");
		});
	}

	@Test
	void methodAnnotationOverridesTheTypeAnnotation() {
		run((context) -> assertThat(context.getBean(WholeTypeService.class).overridden().model()).isEqualTo("tiny"));
	}

	@Test
	void completedCallIsAuditedUnderItsCallSite() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LlmRateLimitObservabilityAutoConfiguration.class))
			.run((context) -> {
				context.getBean(ChatService.class).reply("1234", LlmUsage.of(30, 5));
				OutputTokens site = context.getBean(CallStatistics.class)
					.observed("claude")
					.orElseThrow()
					.callSites()
					.get("LlmRateLimitedAspectTests.ChatService.reply");
				assertThat(site).isNotNull();
				assertThat(site.calls()).isEqualTo(1);
				assertThat(site.meanReserved()).isEqualTo(100);
				assertThat(site.mean()).isEqualTo(5);
			});
	}

	@Test
	void callWithoutUsageIsNotAuditedUnderItsCallSite() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LlmRateLimitObservabilityAutoConfiguration.class))
			.run((context) -> {
				context.getBean(ChatService.class).defaults("12345678", List.of(), 7);
				assertThat(context.getBean(CallStatistics.class).observed("claude").orElseThrow().callSites())
					.isEmpty();
			});
	}

	@Test
	void brokenCallSiteStatisticsNeverBreakTheCall() {
		this.contextRunner.withUserConfiguration(BrokenStatisticsAspectConfiguration.class).run((context) -> {
			Reply reply = context.getBean(ChatService.class).reply("1234", LlmUsage.of(30, 5));
			assertThat(reply.text()).isEqualTo("answer");
			assertThat(tokensAvailable(context)).isEqualTo(TOKENS_PER_MINUTE - 35);
		});
	}

	private void run(Consumer<AssertableApplicationContext> test) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(context);
		});
	}

	private static double tokensAvailable(AssertableApplicationContext context) {
		return headroom(context, Meter.TOKENS_PER_MINUTE);
	}

	private static double headroom(AssertableApplicationContext context, Meter meter) {
		return context.getBean(LlmRateLimiter.class).headroom("claude").orElseThrow().meters().get(meter).available();
	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenStatisticsAspectConfiguration {

		@Bean
		LlmRateLimitedAspect brokenStatisticsAspect(ObjectProvider<LlmRateLimiter> limiter, Environment environment) {
			return new LlmRateLimitedAspect(() -> LlmCallTemplate.builder(limiter::getObject).build(),
					CharacterRatioTokenEstimator::new, () -> new RequestInspectors(List.of()),
					() -> new UsageExtractors(List.of(new LlmUsageExtractor())), environment, null, () -> {
						throw new IllegalStateException("statistics are broken");
					}, 0);
		}

	}

	/**
	 * A service with rate-limited methods.
	 */
	public static class ChatService {

		private final AtomicInteger failFastCalls = new AtomicInteger();

		@LlmRateLimited(model = "claude", maxTokens = "#maxTokens", inputTokens = "#inputCount")
		public Reservation counted(String prompt, int maxTokens, int inputCount) {
			return ReservationContext.current().orElseThrow();
		}

		@LlmRateLimited(model = "claude", inputTokens = "#prompt")
		public Reservation textInput(String prompt, String other) {
			return ReservationContext.current().orElseThrow();
		}

		@LlmRateLimited(model = "claude")
		public Reservation defaults(String prompt, List<String> history, int ignored) {
			return ReservationContext.current().orElseThrow();
		}

		@LlmRateLimited(model = "#model")
		public Reservation byModel(String model) {
			return ReservationContext.current().orElseThrow();
		}

		@LlmRateLimited(model = "${chat.model}")
		public Reservation byPlaceholder() {
			return ReservationContext.current().orElseThrow();
		}

		@LlmRateLimited(model = "claude", usage = "#result")
		public LlmUsage usageExpression(String prompt, LlmUsage usage) {
			return usage;
		}

		@LlmRateLimited(model = "claude", usage = "#result.length()")
		public String outputCount(String prompt, int answerLength) {
			return "x".repeat(answerLength);
		}

		@LlmRateLimited(model = "claude")
		public Reply reply(String prompt, LlmUsage usage) {
			return new Reply("answer", usage);
		}

		@LlmRateLimited(model = "claude")
		public String failing(String prompt, RuntimeException failure) {
			throw failure;
		}

		@LlmRateLimited(model = "claude", usage = "#result.noSuchMethod()")
		public String brokenUsage(String prompt) {
			return "answer";
		}

		@LlmRateLimited(model = "claude")
		public StringBuilder builder(String prompt) {
			return new StringBuilder();
		}

		@LlmRateLimited(model = "tiny", maxWait = "0s")
		public void failFast() {
			this.failFastCalls.incrementAndGet();
		}

		public int failFastCalls() {
			return this.failFastCalls.get();
		}

	}

	/**
	 * A service whose every public method is rate limited.
	 */
	@LlmRateLimited(model = "claude")
	public static class WholeTypeService {

		public Reservation first() {
			return ReservationContext.current().orElseThrow();
		}

		public Reservation second() {
			return ReservationContext.current().orElseThrow();
		}

		@LlmRateLimited(model = "tiny")
		public Reservation overridden() {
			return ReservationContext.current().orElseThrow();
		}

	}

	/**
	 * Handles methods returning a {@link StringBuilder} by giving their budget back.
	 */
	static class CancellingStringBuilderHandler implements ReturnTypeHandler {

		@Override
		public boolean supports(Class<?> returnType) {
			return StringBuilder.class.equals(returnType);
		}

		@Override
		public Object handle(GuardedInvocation invocation) throws Throwable {
			Settlement settlement = invocation.newSettlement();
			settlement.reserve().cancel();
			StringBuilder result = (StringBuilder) invocation.proceed();
			return result.append("handled");
		}

	}

	/**
	 * A reply that reports its usage; package-private like many application records.
	 *
	 * @param text the answer
	 * @param usage what the call used
	 */
	record Reply(String text, LlmUsage usage) {
	}

}
