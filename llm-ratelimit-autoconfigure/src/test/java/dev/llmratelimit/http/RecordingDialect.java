package dev.llmratelimit.http;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.internal.FallbackDialect;

/**
 * A dialect that recognises responses carrying a given header and keeps every response the
 * limiter hands it, interpreting them as the fallback dialect does.
 */
public final class RecordingDialect implements ProviderDialect {

	private final FallbackDialect fallback = new FallbackDialect();

	private final String recognizedHeader;

	private final List<ProviderResponse> responses = new CopyOnWriteArrayList<>();

	public RecordingDialect(String recognizedHeader) {
		this.recognizedHeader = recognizedHeader;
	}

	public List<ProviderResponse> responses() {
		return this.responses;
	}

	@Override
	public String id() {
		return "recording";
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		return response.header(this.recognizedHeader) != null;
	}

	@Override
	public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
		this.responses.add(response);
		return this.fallback.interpret(response, now);
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		return this.fallback.accountingRule(limits);
	}

}
