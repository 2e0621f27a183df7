package dev.llmratelimit.autoconfigure;

import java.time.Instant;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.internal.FallbackDialect;

/**
 * A provider dialect with a chosen id that behaves like the fallback dialect, standing in
 * for the real dialects that other auto-configurations contribute.
 */
public class TestProviderDialect implements ProviderDialect {

	private final String id;

	private final FallbackDialect fallback = new FallbackDialect();

	public TestProviderDialect(String id) {
		this.id = id;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		return false;
	}

	@Override
	public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
		return this.fallback.interpret(response, now);
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		return this.fallback.accountingRule(limits);
	}

}
