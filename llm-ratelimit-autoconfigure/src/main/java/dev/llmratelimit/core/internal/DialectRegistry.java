package dev.llmratelimit.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.ProviderDialect;

/**
 * The provider dialects known to a limiter, by id, with detection from response headers.
 */
public final class DialectRegistry {

	private final Map<String, ProviderDialect> byId = new LinkedHashMap<>();

	private final ProviderDialect fallback = new FallbackDialect();

	/**
	 * Creates a registry of the given dialects.
	 * @param dialects the dialects; a later one with the same id replaces an earlier one
	 */
	public DialectRegistry(Collection<? extends ProviderDialect> dialects) {
		for (ProviderDialect dialect : dialects) {
			this.byId.put(dialect.id(), dialect);
		}
	}

	/**
	 * A registry that knows no provider.
	 * @return a registry holding only the fallback
	 */
	public static DialectRegistry empty() {
		return new DialectRegistry(List.of());
	}

	/**
	 * Finds a dialect by id.
	 * @param id the provider id
	 * @return the dialect, or empty when unknown
	 */
	public Optional<ProviderDialect> find(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	/**
	 * Dialect used while a model's provider is unknown.
	 * @return the fallback dialect
	 */
	public ProviderDialect fallback() {
		return this.fallback;
	}

	/**
	 * Detects the provider of a response by its headers.
	 * @param response a provider response
	 * @return the first dialect that recognises it, or empty
	 */
	public Optional<ProviderDialect> detect(ProviderResponse response) {
		for (ProviderDialect dialect : this.byId.values()) {
			if (dialect.recognizes(response)) {
				return Optional.of(dialect);
			}
		}
		return Optional.empty();
	}

	/**
	 * Ids of the known dialects.
	 * @return the ids in registration order
	 */
	public List<String> ids() {
		return new ArrayList<>(this.byId.keySet());
	}

}
