package dev.llmratelimit.core.internal;

import java.util.Objects;

import dev.llmratelimit.Priority;

/**
 * Who asks a {@link Budget} for budget: how the call ranks among waiting calls and the key
 * (a tenant) whose share of the meters it counts against.
 *
 * @param priority the call's priority
 * @param key the call's key, or {@code null} when it counts against no share
 */
public record Claimant(Priority priority, String key) {

	/** A call of normal priority without a key. */
	public static final Claimant NORMAL = new Claimant(Priority.NORMAL, null);

	/**
	 * Checks the priority.
	 */
	public Claimant {
		Objects.requireNonNull(priority, "priority");
	}

}
