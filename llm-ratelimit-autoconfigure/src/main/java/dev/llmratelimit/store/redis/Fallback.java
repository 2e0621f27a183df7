package dev.llmratelimit.store.redis;

import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.internal.Budget;

/**
 * The fallback budget built for one outage, and the prefix of the ids it issues: a lease
 * or ticket of it carries the prefix outside, so that it is settled there and never
 * mistaken for one of another outage's fallback. Immutable.
 *
 * @param budget the fallback budget
 * @param prefix the prefix of the ids it issues, unique per outage
 */
record Fallback(Budget budget, String prefix) {

	/**
	 * Whether an id was issued by this fallback.
	 * @param id a lease or ticket id, as seen outside
	 * @return whether it carries this fallback's prefix
	 */
	boolean issued(String id) {
		return id.startsWith(this.prefix);
	}

	/**
	 * A lease of this fallback, under the id the fallback gave it.
	 * @param lease the lease, as seen outside
	 * @return the lease the fallback knows
	 */
	Lease unwrap(Lease lease) {
		return new Lease(lease.id().substring(this.prefix.length()), lease.cost());
	}

}
