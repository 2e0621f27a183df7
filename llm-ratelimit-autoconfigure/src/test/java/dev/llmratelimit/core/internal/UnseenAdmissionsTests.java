package dev.llmratelimit.core.internal;

import java.time.Duration;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnseenAdmissions}: which admissions a provider figure may not include
 * yet, on exact instants.
 */
class UnseenAdmissionsTests {

	private static final Meter TPM = Meter.TOKENS_PER_MINUTE;

	private static final long MILLI = Duration.ofMillis(1).toNanos();

	private final UnseenAdmissions rule = new UnseenAdmissions(200 * MILLI);

	private final LeaseBook leases = new LeaseBook(Duration.ofMinutes(5).toNanos());

	@Test
	void figureOfACallMissesTheUnansweredCallsAdmittedAfterItWithinTheLag() {
		admit("before", 100, 950 * MILLI);
		admit("observed", 1000, 960 * MILLI);
		admit("after", 300, 1000 * MILLI);
		assertThat(unseen("observed", 1100 * MILLI)).isEqualTo(300);
		assertThat(unseen("observed", 1200 * MILLI)).isZero();
	}

	@Test
	void answeredCallsAreNeverUnseen() {
		admit("observed", 1000, 0);
		admit("answered", 300, 10 * MILLI);
		admit("after", 50, 20 * MILLI);
		this.leases.answered("answered");
		assertThat(unseen("observed", 30 * MILLI)).isEqualTo(50);
	}

	@Test
	void figureOfNoCallMissesTheUnansweredCallsAdmittedWithinTheLag() {
		admit("old", 1000, 0);
		admit("recent", 300, 900 * MILLI);
		assertThat(unseen(null, 1000 * MILLI)).isEqualTo(300);
	}

	@Test
	void zeroLagTakesEveryFigureAsItIs() {
		UnseenAdmissions trusting = new UnseenAdmissions(0);
		admit("observed", 1000, 0);
		admit("after", 300, 10 * MILLI);
		assertThat(trusting.cost(this.leases, "observed", 20 * MILLI)[TPM.ordinal()]).isZero();
	}

	@Test
	void figureIsSettledForTheEstimateOnceEveryPossiblyUnseenCallHadASecondToArrive() {
		admit("observed", 1000, 0);
		admit("after", 300, 10 * MILLI);
		assertThat(this.rule.settled(this.leases, "observed", 1009 * MILLI)).isFalse();
		assertThat(this.rule.settled(this.leases, "observed", 1010 * MILLI)).isTrue();
	}

	@Test
	void sentCallIsUnseenUntilTheLagAfterItsRequestLeftWhateverItsAdmission() {
		admit("held back", 300, 0);
		this.leases.sent("held back", 900 * MILLI);
		assertThat(unseen(null, 1099 * MILLI)).isEqualTo(300);
		assertThat(unseen(null, 1100 * MILLI)).isZero();
	}

	@Test
	void callNotReportedSentIsUnseenByEveryFigureOnceRequestsAreReported() {
		admit("sent", 100, 0);
		admit("waiting", 300, 0);
		assertThat(unseen(null, 5000 * MILLI)).isZero();
		this.leases.sent("sent", 10 * MILLI);
		assertThat(unseen(null, 5000 * MILLI)).isEqualTo(300);
		assertThat(this.rule.waiting(this.leases, null)[TPM.ordinal()]).isEqualTo(300);
	}

	@Test
	void figureOfACallMissesOnlyTheCallsWhoseRequestsLeftAfterItsOwn() {
		admit("observed", 1000, 0);
		admit("left before", 100, 100 * MILLI);
		admit("left after", 300, 200 * MILLI);
		this.leases.sent("left before", 400 * MILLI);
		this.leases.sent("observed", 500 * MILLI);
		this.leases.sent("left after", 550 * MILLI);
		assertThat(unseen("observed", 600 * MILLI)).isEqualTo(300);
	}

	@Test
	void figureIsSettledForTheEstimateWhenEverySentCallHadASecondToArriveAndTheOthersAreWaiting() {
		admit("sent", 100, 0);
		admit("waiting", 300, 0);
		this.leases.sent("sent", 10 * MILLI);
		assertThat(this.rule.settled(this.leases, null, 1009 * MILLI)).isFalse();
		assertThat(this.rule.settled(this.leases, null, 1010 * MILLI)).isTrue();
		assertThat(this.rule.waiting(this.leases, null)[TPM.ordinal()]).isEqualTo(300);
	}

	@Test
	void zeroLagCountsNoCallAsWaiting() {
		UnseenAdmissions trusting = new UnseenAdmissions(0);
		admit("sent", 100, 0);
		admit("waiting", 300, 0);
		this.leases.sent("sent", 0);
		assertThat(trusting.waiting(this.leases, null)[TPM.ordinal()]).isZero();
	}

	private void admit(String id, double tokens, long at) {
		this.leases.open(new Lease(id, Cost.builder().set(TPM, tokens).build()), at, new LocalMeter[0]);
	}

	private double unseen(String observed, long now) {
		return this.rule.cost(this.leases, observed, now)[TPM.ordinal()];
	}

}
