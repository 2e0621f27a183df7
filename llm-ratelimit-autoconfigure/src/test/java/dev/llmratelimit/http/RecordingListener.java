package dev.llmratelimit.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;

/**
 * Keeps what a limiter observed, by model.
 */
final class RecordingListener implements LimiterListener {

	private final List<Map.Entry<String, ProviderSnapshot>> observed = new CopyOnWriteArrayList<>();

	List<Map.Entry<String, ProviderSnapshot>> observed() {
		return this.observed;
	}

	@Override
	public void observed(String model, ProviderSnapshot snapshot) {
		this.observed.add(Map.entry(model, snapshot));
	}

}
