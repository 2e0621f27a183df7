package dev.llmratelimit.core.internal;

import java.util.List;
import java.util.function.Consumer;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;

/**
 * Fans limiter events out to every {@link LimiterListener}, so that a failing listener
 * never breaks the call it observes.
 */
final class Listeners implements LimiterListener {

	private static final System.Logger LOGGER = System.getLogger(Listeners.class.getName());

	private final List<LimiterListener> delegates;

	Listeners(List<LimiterListener> delegates) {
		this.delegates = List.copyOf(delegates);
	}

	@Override
	public void admitted(String model, long waitedNanos, Cost reserved) {
		each((listener) -> listener.admitted(model, waitedNanos, reserved));
	}

	@Override
	public void routed(String model, String fallback) {
		each((listener) -> listener.routed(model, fallback));
	}

	@Override
	public void rejected(String model, Meter meter, long retryAfterNanos) {
		each((listener) -> listener.rejected(model, meter, retryAfterNanos));
	}

	@Override
	public void settled(String model, Settlement outcome, Cost reserved, Cost actual, LlmUsage usage) {
		each((listener) -> listener.settled(model, outcome, reserved, actual, usage));
	}

	@Override
	public void observed(String model, ProviderSnapshot snapshot) {
		each((listener) -> listener.observed(model, snapshot));
	}

	@Override
	public void limitChanged(String model, Meter meter, long previousLimit, long newLimit) {
		each((listener) -> listener.limitChanged(model, meter, previousLimit, newLimit));
	}

	@Override
	public void leaseExpired(String model, Lease lease) {
		each((listener) -> listener.leaseExpired(model, lease));
	}

	@Override
	public void removed(String model) {
		each((listener) -> listener.removed(model));
	}

	private void each(Consumer<LimiterListener> action) {
		for (LimiterListener delegate : this.delegates) {
			try {
				action.accept(delegate);
			}
			catch (RuntimeException ex) {
				// instrumentation never breaks the business call
				LOGGER.log(System.Logger.Level.WARNING, "Limiter listener " + delegate + " failed", ex);
			}
		}
	}

}
