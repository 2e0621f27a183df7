package dev.llmratelimit.core.internal;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ModelLimits.InputOutputCost;
import dev.llmratelimit.core.Cost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StandardAccountingRule}.
 */
class StandardAccountingRuleTests {

	@Test
	void admissionChargesOneRequestInputOutputAndTheirSum() {
		Cost cost = new StandardAccountingRule(InputOutputCost.SUM, false).admissionCost(300, 500);
		assertThat(cost.amount(Meter.REQUESTS_PER_MINUTE)).isEqualTo(1);
		assertThat(cost.amount(Meter.REQUESTS_PER_DAY)).isEqualTo(1);
		assertThat(cost.amount(Meter.CONCURRENT_REQUESTS)).isEqualTo(1);
		assertThat(cost.amount(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(300);
		assertThat(cost.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(500);
		assertThat(cost.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(800);
		assertThat(cost.amount(Meter.TOKENS_PER_DAY)).isEqualTo(800);
	}

	@Test
	void admissionUnderTheMaxRuleChargesTheLargerOfInputAndOutputOnCombinedMeters() {
		Cost cost = new StandardAccountingRule(InputOutputCost.MAX, false).admissionCost(300, 500);
		assertThat(cost.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(500);
	}

	@Test
	void usageReplacesTheReservationAndFreesTheConcurrencySlot() {
		StandardAccountingRule rule = new StandardAccountingRule(InputOutputCost.SUM, false);
		Cost actual = rule.usageCost(rule.admissionCost(300, 500), LlmUsage.of(280, 40));
		assertThat(actual.amount(Meter.REQUESTS_PER_MINUTE)).isEqualTo(1);
		assertThat(actual.amount(Meter.CONCURRENT_REQUESTS)).isZero();
		assertThat(actual.amount(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(280);
		assertThat(actual.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(40);
		assertThat(actual.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(320);
	}

	@Test
	void cacheReadsCountAsInputOnlyWhenTheRuleSaysSo() {
		LlmUsage usage = new LlmUsage(100, 10, 1000, 50);
		Cost withoutReads = new StandardAccountingRule(InputOutputCost.SUM, false).usageCost(Cost.ZERO, usage);
		Cost withReads = new StandardAccountingRule(InputOutputCost.SUM, true).usageCost(Cost.ZERO, usage);
		assertThat(withoutReads.amount(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(150);
		assertThat(withReads.amount(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(1150);
	}

	@Test
	void failureKeepsRequestAndInputAndFreesOutputAndTheConcurrencySlot() {
		StandardAccountingRule rule = new StandardAccountingRule(InputOutputCost.SUM, false);
		Cost kept = rule.failureCost(rule.admissionCost(300, 500));
		assertThat(kept.amount(Meter.REQUESTS_PER_MINUTE)).isEqualTo(1);
		assertThat(kept.amount(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(300);
		assertThat(kept.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(300);
		assertThat(kept.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isZero();
		assertThat(kept.amount(Meter.CONCURRENT_REQUESTS)).isZero();
	}

	@Test
	void modelSettingsOverrideTheProviderDefaults() {
		ModelLimits limits = ModelLimits.builder("m")
			.inputOutputCost(InputOutputCost.MAX)
			.cacheReadsCountAsInput(true)
			.build();
		StandardAccountingRule rule = StandardAccountingRule.forModel(limits, InputOutputCost.SUM, false);
		assertThat(rule.admissionCost(300, 500).amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(500);
		assertThat(rule.usageCost(Cost.ZERO, new LlmUsage(0, 0, 70, 0)).amount(Meter.INPUT_TOKENS_PER_MINUTE))
			.isEqualTo(70);
	}

}
