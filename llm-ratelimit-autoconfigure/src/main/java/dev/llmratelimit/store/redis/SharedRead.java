package dev.llmratelimit.store.redis;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;
import dev.llmratelimit.Priority;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.MeterState;

/**
 * The shared state as read, and the generation of the budget hash it was read from: a
 * new generation means Redis lost the budget in between (restarted empty). Immutable.
 *
 * @param state the shared state
 * @param generation names the life of the budget hash in Redis
 */
record SharedRead(BudgetState state, String generation) {

	/**
	 * Reads the reply of the state script.
	 * @param reply the reply, its common part read
	 * @param maxSharePerKey the model's largest share of one key
	 * @return what the reply holds
	 */
	static SharedRead of(ScriptReply reply, double maxSharePerKey) {
		String generation = reply.text();
		int inFlight = reply.integer();
		int waiting = reply.integer();
		long cooldown = ScriptReply.nanos((long) reply.decimal());
		Map<Priority, Integer> byPriority = new EnumMap<>(Priority.class);
		for (Priority priority : Priority.values()) {
			byPriority.put(priority, reply.integer());
		}
		int nearShare = reply.integer();
		List<BudgetState.KeyShare> keys = new ArrayList<>(nearShare);
		for (int i = 0; i < nearShare; i++) {
			keys.add(new BudgetState.KeyShare(reply.text(), ScriptReply.meter(reply.text()), reply.decimal(),
					maxSharePerKey));
		}
		Map<Meter, MeterState> meters = new EnumMap<>(Meter.class);
		while (reply.hasMore()) {
			Meter meter = ScriptReply.meter(reply.text());
			long limit = (long) reply.decimal();
			double level = reply.decimal();
			LimitSource source = "headers".equals(reply.text()) ? LimitSource.HEADERS : LimitSource.CONFIG;
			meters.put(meter, new MeterState(limit, level, source, reply.decimal()));
		}
		return new SharedRead(new BudgetState(meters, inFlight, waiting, cooldown, byPriority, keys), generation);
	}

}
