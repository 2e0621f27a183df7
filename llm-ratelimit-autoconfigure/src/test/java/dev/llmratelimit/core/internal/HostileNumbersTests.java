package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.LlmRequestTooLargeException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Absurd numbers sent to the {@link BudgetLimiter} (through its public API or a custom
 * accounting rule) are refused and never corrupt a budget.
 */
class HostileNumbersTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void maxTokensOfLongMaxValueIsRefusedAndLeavesTheTokenBudgetAsItWas() {
		BudgetLimiter limiter = limiter();
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserve("m", 100, Long.MAX_VALUE, Duration.ZERO))
			.withMessage("maxTokens must be between 0 and 1000000000000000, was 9223372036854775807");
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(100_000);
		assertThat(available(limiter, Meter.REQUESTS_PER_MINUTE)).isEqualTo(100);
		assertThat(limiter.headroom("m").orElseThrow().inFlight()).isZero();
	}

	@Test
	void inputTokensNearLongMaxValueAreRefusedAndLeaveTheTokenBudgetAsItWas() {
		BudgetLimiter limiter = limiter();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> limiter.reserve("m", Long.MAX_VALUE - 10, 1000, Duration.ZERO))
			.withMessage("inputTokens must be between 0 and 1000000000000000, was 9223372036854775797");
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(100_000);
	}

	@Test
	void negativeInputTokensAreRefused() {
		BudgetLimiter limiter = limiter();
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserve("m", -1, 10, Duration.ZERO))
			.withMessage("inputTokens must be between 0 and 1000000000000000, was -1");
	}

	@Test
	void theLargestAcceptedRequestFailsAtOnceAsTooLargeWithoutTouchingTheBudget() {
		BudgetLimiter limiter = limiter();
		assertThatExceptionOfType(LlmRequestTooLargeException.class)
			.isThrownBy(() -> limiter.reserve("m", Meter.MAX_AMOUNT, Meter.MAX_AMOUNT, Duration.ofMinutes(1)))
			.satisfies((ex) -> {
				assertThat(ex.meter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
				assertThat(ex.cost()).isEqualTo(2e15);
				assertThat(ex.limit()).isEqualTo(100_000);
			});
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(100_000);
		assertThat(limiter.headroom("m").orElseThrow().waiting()).isZero();
	}

	@Test
	void aCallThatUsedFarMoreThanItReservedNeverLeavesAMeterAboveItsLimit() {
		BudgetLimiter limiter = limiter();
		Reservation reservation = limiter.reserve("m", 100, 1000, Duration.ZERO);
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(98_900);
		reservation.complete(LlmUsage.of(100, 500_000));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(-400_100);
		this.time.advance(Duration.ofHours(1));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(100_000);
	}

	@Test
	void aCancelledCallGivesBackExactlyWhatItTookAndNoMore() {
		BudgetLimiter limiter = limiter();
		limiter.reserve("m", 100, 99_000, Duration.ZERO).cancel();
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(100_000);
		assertThat(available(limiter, Meter.REQUESTS_PER_MINUTE)).isEqualTo(100);
	}

	@Test
	void usageAboveTheLargestTokenCountIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LlmUsage.of(0, Long.MAX_VALUE))
			.withMessage("outputTokens must be between 0 and 1000000000000000, was 9223372036854775807");
	}

	@Test
	void limitAboveTheLargestAmountIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, Long.MAX_VALUE))
			.withMessage("tokens-per-minute must be positive and at most 1000000000000000, was 9223372036854775807");
	}

	@Test
	void costRefusesNaNInfiniteNegativeAndHugeAmounts() {
		assertThatIllegalArgumentException().isThrownBy(() -> Cost.builder().set(Meter.TOKENS_PER_MINUTE, Double.NaN))
			.withMessage("Cost on tokens-per-minute must be a finite number between 0 and 9007199254740992, was NaN");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Cost.builder().setAll(Meter.Kind.REQUESTS, Double.POSITIVE_INFINITY));
		assertThatIllegalArgumentException().isThrownBy(() -> Cost.of(Map.of(Meter.TOKENS_PER_MINUTE, -1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Cost.of(Map.of(Meter.TOKENS_PER_DAY, 1e300)));
	}

	@Test
	void customRuleComputingNaNAtAdmissionFailsTheCallAndDebitsNothing() {
		AccountingRule nan = new FixedCostRule(null, Cost.ZERO) {

			@Override
			public Cost admissionCost(long inputTokens, long maxTokens) {
				return Cost.builder().set(Meter.TOKENS_PER_MINUTE, Math.sqrt(inputTokens - maxTokens)).build();
			}

		};
		BudgetLimiter limiter = limiter(nan);
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserve("m", 10, 20, Duration.ZERO))
			.withMessage("Cost on tokens-per-minute must be a finite number between 0 and 9007199254740992, was NaN");
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(100_000);
		assertThat(limiter.headroom("m").orElseThrow().inFlight()).isZero();
	}

	@Test
	void customRuleReturningNoCostFailsTheCallNamingTheRule() {
		BudgetLimiter limiter = limiter(new FixedCostRule(null, Cost.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserve("m", 10, 10, Duration.ZERO))
			.withMessage("Accounting rule " + FixedCostRule.class.getName() + " returned no cost from admissionCost");
	}

	@Test
	void customRuleChargingANegativeUsageCostFailsTheSettlementAndTheLeaseExpiresInstead() {
		Cost admission = Cost.builder().set(Meter.TOKENS_PER_MINUTE, 1000).build();
		Cost negative = Cost.ZERO.minus(admission);
		BudgetLimiter limiter = limiter(new FixedCostRule(admission, negative));
		Reservation reservation = limiter.reserve("m", 10, 10, Duration.ZERO);
		assertThatIllegalArgumentException().isThrownBy(() -> reservation.complete(LlmUsage.of(10, 10)))
			.withMessageContaining("(usageCost) charged -1000.0 to tokens-per-minute");
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(99_000);
		this.time.advance(Duration.ofMinutes(5));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(100_000);
	}

	private BudgetLimiter limiter() {
		return BudgetLimiter.builder()
			.timeSource(this.time)
			.model(ModelLimits.builder("m")
				.limit(Meter.REQUESTS_PER_MINUTE, 100)
				.limit(Meter.TOKENS_PER_MINUTE, 100_000)
				.build())
			.build();
	}

	private BudgetLimiter limiter(AccountingRule rule) {
		return BudgetLimiter.builder()
			.timeSource(this.time)
			.dialects(new DialectRegistry(List.of(new RuleDialect(rule))))
			.model(ModelLimits.builder("m").provider("rule").limit(Meter.TOKENS_PER_MINUTE, 100_000).build())
			.build();
	}

	private static double available(BudgetLimiter limiter, Meter meter) {
		return limiter.headroom("m").orElseThrow().meters().get(meter).available();
	}

	/** A custom rule that charges fixed costs at admission and after a call. */
	private static class FixedCostRule implements AccountingRule {

		private final Cost admission;

		private final Cost usage;

		FixedCostRule(Cost admission, Cost usage) {
			this.admission = admission;
			this.usage = usage;
		}

		@Override
		public Cost admissionCost(long inputTokens, long maxTokens) {
			return this.admission;
		}

		@Override
		public Cost usageCost(Cost reserved, LlmUsage usage) {
			return this.usage;
		}

		@Override
		public Cost failureCost(Cost reserved) {
			return reserved;
		}

	}

	/** A dialect that reads nothing and accounts with the given rule. */
	private record RuleDialect(AccountingRule rule) implements ProviderDialect {

		@Override
		public String id() {
			return "rule";
		}

		@Override
		public boolean recognizes(ProviderResponse response) {
			return false;
		}

		@Override
		public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
			return new ProviderSnapshot(ResponseKind.OK, Map.of(), null, null);
		}

		@Override
		public AccountingRule accountingRule(ModelLimits limits) {
			return this.rule;
		}

	}

}
