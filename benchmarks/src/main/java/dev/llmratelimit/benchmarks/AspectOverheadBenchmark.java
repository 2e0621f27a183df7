package dev.llmratelimit.benchmarks;

import java.time.Duration;
import java.util.List;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.aop.internal.LlmRateLimitedAspect;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.usage.internal.CharacterRatioTokenEstimator;
import dev.llmratelimit.usage.internal.LlmUsageExtractor;
import dev.llmratelimit.usage.internal.RequestInspectors;
import dev.llmratelimit.usage.internal.UsageExtractors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;

/**
 * Cost of the {@code @LlmRateLimited} aspect over a direct call: the same trivial method
 * called on a plain object, with the limiter's reserve and settle written by hand around
 * it, and through a Spring AOP proxy carrying the aspect. The limits are so large that
 * the budget is never short, so no call waits.
 */
@State(Scope.Benchmark)
public class AspectOverheadBenchmark extends BenchmarkSettings {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final long HUGE_LIMIT = 1_000_000_000_000L;

	private BudgetLimiter limiter;

	private Completions direct;

	private Completions proxied;

	/**
	 * Builds a limiter with one model and three huge meters, the aspect on top of it and a
	 * proxy of the completions client carrying the aspect.
	 */
	@Setup
	public void createProxy() {
		ModelLimits limits = ModelLimits.builder(MODEL)
			.limit(Meter.REQUESTS_PER_MINUTE, HUGE_LIMIT)
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, HUGE_LIMIT)
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, HUGE_LIMIT)
			.build();
		this.limiter = BudgetLimiter.builder().model(limits).build();
		LlmCallTemplate template = LlmCallTemplate.builder(this.limiter).build();
		LlmRateLimitedAspect aspect = new LlmRateLimitedAspect(() -> template, CharacterRatioTokenEstimator::new,
				() -> new RequestInspectors(List.of()),
				() -> new UsageExtractors(List.of(new LlmUsageExtractor())), new StandardEnvironment(),
				new DefaultListableBeanFactory(), () -> null, 0);
		this.direct = new Completions();
		AspectJProxyFactory factory = new AspectJProxyFactory(new Completions());
		factory.setProxyTargetClass(true);
		factory.addAspect(aspect);
		this.proxied = factory.getProxy();
	}

	/**
	 * Calls the method on the plain object: no rate limiting at all.
	 * @return the answer
	 */
	@Benchmark
	public Answer direct() {
		return this.direct.complete("Hello");
	}

	/**
	 * Calls the method on the plain object between a hand-written reserve and settle, the
	 * bookkeeping the aspect does.
	 * @return the answer
	 */
	@Benchmark
	public Answer directWithReserveAndSettle() {
		Reservation reservation = this.limiter.reserve(MODEL, 800, 1024, Duration.ZERO);
		Answer answer = this.direct.complete("Hello");
		reservation.complete(answer.usage());
		return answer;
	}

	/**
	 * Calls the method through the proxy, so the aspect reserves and settles.
	 * @return the answer
	 */
	@Benchmark
	public Answer proxied() {
		return this.proxied.complete("Hello");
	}

	/**
	 * A trivial client whose one method is rate limited.
	 */
	public static class Completions {

		private static final LlmUsage USAGE = LlmUsage.of(800, 120);

		/**
		 * Answers at once with fixed usage.
		 * @param prompt the prompt, unused
		 * @return an answer reporting 800 input and 120 output tokens
		 */
		@LlmRateLimited(model = MODEL, inputTokens = "800", maxTokens = "1024", maxWait = "0s")
		public Answer complete(String prompt) {
			return new Answer("Hi", USAGE);
		}

	}

	/**
	 * What the trivial client returns; the aspect reads {@link #usage()}.
	 * @param text the answer text
	 * @param usage the tokens the call used
	 */
	public record Answer(String text, LlmUsage usage) {

	}

}
