package dev.llmratelimit.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.TimeSource;

/**
 * The models a limiter knows, by id and alias: the configured ones, registered at start,
 * and those created on first use, of which at most a fixed number exist at a time. An
 * unconfigured model idle for longer than the idle timeout (no call started, none
 * waiting) is forgotten when room is needed for a new one, so hostile or accidental model
 * names (from a SpEL expression over user input, say) cannot grow memory without bound.
 */
final class ModelRegistry {

	/** Longest model id accepted; longer ids are refused. */
	static final int MAX_MODEL_ID_LENGTH = 256;

	private final TimeSource time;

	private final LimiterSettings settings;

	private final Function<ModelLimits, ManagedModel> factory;

	private final Map<String, ManagedModel> byId = new ConcurrentHashMap<>();

	private final List<ManagedModel> models = new CopyOnWriteArrayList<>();

	private final Listeners listeners;

	/** The models created on first use, guarded by this registry's monitor. */
	private final Set<ManagedModel> unconfigured = new LinkedHashSet<>();

	ModelRegistry(TimeSource time, LimiterSettings settings, Function<ModelLimits, ManagedModel> factory,
			Listeners listeners) {
		this.time = time;
		this.settings = settings;
		this.factory = factory;
		this.listeners = listeners;
	}

	/**
	 * The model with this id or alias, if it has a budget.
	 */
	ManagedModel find(String model) {
		return (model != null) ? this.byId.get(model) : null;
	}

	/**
	 * The model with this id or alias, created with unconfigured limits on first use when
	 * the settings allow it and the cap leaves room.
	 * @throws IllegalArgumentException if the id is blank or too long, or the model cannot
	 * be created
	 */
	ManagedModel resolve(String model) {
		if (model == null || model.isBlank()) {
			throw new IllegalArgumentException("model must not be blank");
		}
		ManagedModel managed = this.byId.get(model);
		if (managed == null) {
			managed = createUnconfigured(model);
		}
		managed.touch(this.time.nanoTime());
		return managed;
	}

	/** Registers a configured model. */
	synchronized ManagedModel register(ModelLimits limits) {
		ManagedModel existing = this.byId.get(limits.model());
		if (existing != null) {
			return existing;
		}
		requireValidId(limits.model());
		for (String alias : limits.aliases()) {
			if (this.byId.containsKey(alias)) {
				throw new IllegalArgumentException(
						"Alias '" + alias + "' of model '" + limits.model() + "' is already a model or an alias");
			}
		}
		return add(limits, false);
	}

	/** Every model, in registration order. */
	Collection<ManagedModel> all() {
		return Collections.unmodifiableList(this.models);
	}

	private synchronized ManagedModel createUnconfigured(String model) {
		ManagedModel existing = this.byId.get(model);
		if (existing != null) {
			return existing;
		}
		requireValidId(model);
		if (!this.settings.allowUnconfiguredModels()) {
			throw new IllegalArgumentException("No rate limits configured for model '" + model
					+ "'; add it under llm.ratelimit.models or allow unconfigured models");
		}
		if (this.unconfigured.size() >= this.settings.maxUnconfiguredModels()) {
			evictIdleUnconfigured();
		}
		if (this.unconfigured.size() >= this.settings.maxUnconfiguredModels()) {
			throw new IllegalArgumentException("No rate limits configured for model '" + model + "' and "
					+ this.unconfigured.size() + " unconfigured models are in use (llm.ratelimit.max-unconfigured-models); "
					+ "add the model under llm.ratelimit.models or raise the cap");
		}
		return add(ModelLimits.unconfigured(model), true);
	}

	private ManagedModel add(ModelLimits limits, boolean unconfigured) {
		ManagedModel managed = this.factory.apply(limits);
		managed.touch(this.time.nanoTime());
		this.byId.put(limits.model(), managed);
		limits.aliases().forEach((alias) -> this.byId.put(alias, managed));
		this.models.add(managed);
		if (unconfigured) {
			this.unconfigured.add(managed);
		}
		return managed;
	}

	/**
	 * Forgets the unconfigured models no call used within the idle timeout, and whose
	 * callers have all left: their leases have expired by then (the idle timeout is never
	 * shorter than the lease timeout).
	 */
	private void evictIdleUnconfigured() {
		long now = this.time.nanoTime();
		long idleNanos = this.settings.unconfiguredModelIdleNanos();
		List<ManagedModel> idle = new ArrayList<>();
		for (ManagedModel managed : this.unconfigured) {
			if (now - managed.lastUsedNanos() >= idleNanos && managed.room().isEmpty()) {
				idle.add(managed);
			}
		}
		for (ManagedModel managed : idle) {
			this.byId.remove(managed.id());
			this.models.remove(managed);
			this.unconfigured.remove(managed);
			managed.budget().release();
			this.listeners.removed(managed.id());
		}
	}

	private static void requireValidId(String model) {
		if (model.length() > MAX_MODEL_ID_LENGTH) {
			throw new IllegalArgumentException("model id must be at most " + MAX_MODEL_ID_LENGTH
					+ " characters, was " + model.length() + " (starting '" + model.substring(0, 32) + "')");
		}
	}

}
