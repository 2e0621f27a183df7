package dev.llmratelimit.core.internal;

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
 * waiting) is forgotten at the next call that resolves a model, checked at most every
 * tenth of the idle timeout, and at once when room is needed for a new one, so hostile or
 * accidental model names (from a SpEL expression over user input, say) cannot grow memory
 * without bound and do not linger.
 */
final class ModelRegistry {

	/** Longest model id accepted; longer ids are refused. */
	static final int MAX_MODEL_ID_LENGTH = 256;

	/** Sweeps for idle unconfigured models per idle timeout, at most. */
	private static final long SWEEPS_PER_IDLE_TIMEOUT = 10;

	private final TimeSource time;

	private final LimiterSettings settings;

	private final Function<ModelLimits, ManagedModel> factory;

	private final Map<String, ManagedModel> byId = new ConcurrentHashMap<>();

	private final List<ManagedModel> models = new CopyOnWriteArrayList<>();

	private final Listeners listeners;

	/** The models created on first use, guarded by this registry's monitor. */
	private final Set<ManagedModel> unconfigured = new LinkedHashSet<>();

	/** Time between two sweeps for idle unconfigured models. */
	private final long sweepIntervalNanos;

	/** When idle unconfigured models are next looked for, in the time source. */
	private volatile long nextSweepNanos;

	ModelRegistry(TimeSource time, LimiterSettings settings, Function<ModelLimits, ManagedModel> factory,
			Listeners listeners) {
		this.time = time;
		this.settings = settings;
		this.factory = factory;
		this.listeners = listeners;
		this.sweepIntervalNanos = Math.max(1, settings.unconfiguredModelIdleNanos() / SWEEPS_PER_IDLE_TIMEOUT);
		this.nextSweepNanos = time.nanoTime() + this.sweepIntervalNanos;
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
		long now = this.time.nanoTime();
		if (now - this.nextSweepNanos >= 0) {
			sweep(now);
		}
		ManagedModel managed = this.byId.get(model);
		while (managed == null || !managed.touch(now)) {
			// a model forgotten meanwhile is gone from the map once the monitor is free
			managed = createUnconfigured(model);
		}
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
			forgetIdleUnconfigured(this.time.nanoTime());
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

	private synchronized void sweep(long now) {
		if (now - this.nextSweepNanos >= 0) {
			this.nextSweepNanos = now + this.sweepIntervalNanos;
			forgetIdleUnconfigured(now);
		}
	}

	/**
	 * Forgets the unconfigured models no call used within the idle timeout, and whose
	 * callers have all left: their leases have expired by then (the idle timeout is never
	 * shorter than the lease timeout). Called with this registry's monitor held.
	 */
	private void forgetIdleUnconfigured(long now) {
		long idleNanos = this.settings.unconfiguredModelIdleNanos();
		Set<ManagedModel> idle = new LinkedHashSet<>();
		for (ManagedModel managed : this.unconfigured) {
			if (managed.forgetIfIdle(now, idleNanos)) {
				idle.add(managed);
			}
		}
		if (idle.isEmpty()) {
			return;
		}
		this.unconfigured.removeAll(idle);
		this.models.removeAll(idle);
		for (ManagedModel managed : idle) {
			this.byId.remove(managed.id());
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
