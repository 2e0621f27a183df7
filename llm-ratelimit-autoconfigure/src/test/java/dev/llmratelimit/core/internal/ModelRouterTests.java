package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.internal.ModelRouter.Candidate;
import dev.llmratelimit.core.internal.ModelRouter.Route;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ModelRouter} over in-memory budgets on a manual clock. The primary
 * admits 10 requests per minute (one every 6 s), the fallbacks 100.
 */
class ModelRouterTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private static final Cost ONE_REQUEST = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 1.0));

	private final ManualTimeSource time = new ManualTimeSource();

	private final LocalBudget primary = budget("primary", 10);

	private final LocalBudget fallback = budget("fallback", 100);

	private final LocalBudget secondFallback = budget("second", 100);

	@Test
	void primaryWithBudgetKeepsTheCallAndNoFallbackIsAsked() {
		Route route = route(List.of(candidate(this.fallback)), 0, 30 * SECOND);
		assertThat(route.admission().status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(available(this.primary)).isEqualTo(9);
		assertThat(available(this.fallback)).isEqualTo(100);
	}

	@Test
	void primaryOutOfBudgetRoutesToTheFallbackWithNothingReservedOnThePrimary() {
		drain(this.primary);
		Candidate fallback = candidate(this.fallback);
		Route route = route(List.of(fallback), 0, 30 * SECOND);
		assertThat(route.candidate()).isSameAs(fallback);
		assertThat(route.admission().status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(available(this.primary)).isZero();
		assertThat(this.primary.state().waiting()).isZero();
		assertThat(available(this.fallback)).isEqualTo(99);
	}

	@Test
	void primaryThatAdmitsWithinFallbackAfterQueuesTheCallThere() {
		drain(this.primary);
		Candidate primary = candidate(this.primary);
		Route route = ModelRouter.route(primary, List.of(candidate(this.fallback)), 6 * SECOND, 30 * SECOND);
		assertThat(route.candidate()).isSameAs(primary);
		assertThat(route.admission().status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(route.admission().waitNanos()).isEqualTo(6 * SECOND);
		assertThat(available(this.fallback)).isEqualTo(100);
	}

	@Test
	void primaryThatNeedsLongerThanFallbackAfterRoutes() {
		drain(this.primary);
		Candidate fallback = candidate(this.fallback);
		Route route = ModelRouter.route(candidate(this.primary), List.of(fallback), 5 * SECOND, 30 * SECOND);
		assertThat(route.candidate()).isSameAs(fallback);
		assertThat(this.primary.state().waiting()).isZero();
	}

	@Test
	void primaryCoolingDownAfterA429Routes() {
		this.primary.observe(new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(20), null));
		Candidate fallback = candidate(this.fallback);
		Route route = route(List.of(fallback), 0, 30 * SECOND);
		assertThat(route.candidate()).isSameAs(fallback);
		assertThat(available(this.primary)).isEqualTo(10);
	}

	@Test
	void callThatCanNeverFitThePrimaryGoesToAFallbackItFits() {
		Cost elevenRequests = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 11.0));
		Candidate fallback = (wait) -> this.fallback.acquire(elevenRequests, wait);
		Route route = ModelRouter.route((wait) -> this.primary.acquire(elevenRequests, wait), List.of(fallback), 0,
				30 * SECOND);
		assertThat(route.candidate()).isSameAs(fallback);
		assertThat(available(this.fallback)).isEqualTo(89);
	}

	@Test
	void callThatFitsNoModelGetsThePrimarysRefusal() {
		Cost twoHundredRequests = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 200.0));
		Candidate fallback = (wait) -> this.fallback.acquire(twoHundredRequests, wait);
		Route route = ModelRouter.route((wait) -> this.primary.acquire(twoHundredRequests, wait), List.of(fallback), 0,
				30 * SECOND);
		assertThat(route.admission().status()).isEqualTo(Admission.Status.TOO_LARGE);
		assertThat(route.admission().limit()).isEqualTo(10);
	}

	@Test
	void firstFallbackThatAdmitsSoonerWinsInTheConfiguredOrder() {
		drain(this.primary);
		Candidate first = candidate(this.fallback);
		Route route = route(List.of(first, candidate(this.secondFallback)), 0, 30 * SECOND);
		assertThat(route.candidate()).isSameAs(first);
		assertThat(available(this.secondFallback)).isEqualTo(100);
	}

	@Test
	void exhaustedFallbackIsSkippedForTheNextOne() {
		drain(this.primary);
		drain(this.fallback);
		Candidate second = candidate(this.secondFallback);
		Route route = route(List.of(candidate(this.fallback), second), 0, 30 * SECOND);
		assertThat(route.candidate()).isSameAs(second);
		assertThat(this.fallback.state().waiting()).isZero();
	}

	@Test
	void fallbackNoSoonerThanThePrimaryLeavesTheCallWaitingOnThePrimary() {
		drain(this.primary);
		// the primary refills one request in 6 s, the slow fallback in 12 s
		Candidate primary = candidate(this.primary);
		LocalBudget slow = budget("slow", 5);
		drain(slow);
		Route route = ModelRouter.route(primary, List.of(candidate(slow)), 0, 30 * SECOND);
		assertThat(route.candidate()).isSameAs(primary);
		assertThat(route.admission().status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(this.primary.state().waiting()).isEqualTo(1);
		assertThat(slow.state().waiting()).isZero();
	}

	@Test
	void fallbackThatMustWaitButLessThanThePrimaryQueuesTheCall() {
		drain(this.primary);
		drain(this.fallback);
		Candidate fallback = candidate(this.fallback);
		Route route = route(List.of(fallback), 0, 30 * SECOND);
		assertThat(route.candidate()).isSameAs(fallback);
		assertThat(route.admission().status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(route.admission().waitNanos()).isEqualTo(600_000_000L);
		assertThat(this.primary.state().waiting()).isZero();
	}

	@Test
	void noFallbacksBehavesLikeThePrimaryAlone() {
		drain(this.primary);
		assertThat(route(List.of(), 0, SECOND).admission().status()).isEqualTo(Admission.Status.REJECTED);
		assertThat(route(List.of(), 0, 30 * SECOND).admission().status()).isEqualTo(Admission.Status.QUEUED);
	}

	private Route route(List<Candidate> fallbacks, long fallbackAfterNanos, long maxWaitNanos) {
		return ModelRouter.route(candidate(this.primary), fallbacks, fallbackAfterNanos, maxWaitNanos);
	}

	private static Candidate candidate(LocalBudget budget) {
		return (wait) -> budget.acquire(ONE_REQUEST, wait);
	}

	private static void drain(LocalBudget budget) {
		while (budget.acquire(ONE_REQUEST, 0).status() == Admission.Status.GRANTED) {
			// take every request the budget has
		}
	}

	private static double available(LocalBudget budget) {
		return budget.state().meters().get(Meter.REQUESTS_PER_MINUTE).available();
	}

	private LocalBudget budget(String model, long requestsPerMinute) {
		return new LocalBudget(ModelLimits.builder(model).limit(Meter.REQUESTS_PER_MINUTE, requestsPerMinute).build(),
				this.time, LocalBudgetTests.noMargin());
	}

}
