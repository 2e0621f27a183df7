package dev.llmratelimit.core.internal;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.llmratelimit.Meter;
import dev.llmratelimit.Priority;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;

/**
 * The line of a {@link LocalBudget}: calls that could not be admitted at once wait here for
 * their turn, and a call that was served (granted, or found too large after a limit shrank)
 * keeps its answer until its caller polls for it. Not thread-safe: guarded by its budget's
 * lock.
 * <p>
 * One lane per {@link Priority}: a lane is served only when every higher lane is empty or
 * waits for its own key's share, first come, first served within a lane. Inside a lane
 * each key (tenant) has its own line and keys take turns (round-robin); calls without a
 * key share one line. A call that waits for the budget stops the serving (nothing behind
 * it may overtake it, so large calls are not starved); a call that waits only for its key's
 * share lets the other keys go.
 */
final class WaitQueue {

	private static final Meter[] METERS = Meter.values();

	private static final Priority[] PRIORITIES = Priority.values();

	private static final String NO_KEY = "";

	/** Per priority ordinal, created on first use: most models never queue a call. */
	private final Lane[] lanes = new Lane[PRIORITIES.length];

	private final Map<String, Waiter> waiters = new HashMap<>();

	private long joined;

	/**
	 * Puts a call at the end of its key's line in its priority's lane.
	 * @param ticket the call's ticket
	 * @param claimant the call's priority and key
	 * @return the call's place
	 */
	Waiter join(Ticket ticket, Claimant claimant) {
		Waiter waiter = new Waiter(ticket, claimant, ++this.joined);
		lane(claimant.priority()).add(waiter);
		this.waiters.put(ticket.id(), waiter);
		return waiter;
	}

	/**
	 * The waiter holding a ticket, in line or served and not yet collected.
	 * @param id the ticket id
	 * @return the waiter, or {@code null} when unknown or collected
	 */
	Waiter find(String id) {
		return this.waiters.get(id);
	}

	/**
	 * Forgets a served waiter once its caller has its answer.
	 * @param id the ticket id
	 */
	void collect(String id) {
		this.waiters.remove(id);
	}

	/**
	 * Takes a waiter out, whether it is still in line or already served.
	 * @param id the ticket id
	 * @return the waiter, or {@code null} when unknown or collected
	 */
	Waiter leave(String id) {
		Waiter waiter = this.waiters.remove(id);
		if (waiter != null && waiter.inLine) {
			lane(waiter.claimant.priority()).remove(waiter);
		}
		return waiter;
	}

	/**
	 * Whether no call of {@code priority} or higher waits in line.
	 * @param priority the priority
	 * @return {@code true} when such a call may be admitted without overtaking anyone
	 */
	boolean noneAtOrAbove(Priority priority) {
		for (Priority lane : PRIORITIES) {
			if (!isEmpty(this.lanes[lane.ordinal()])) {
				return false;
			}
			if (lane == priority) {
				return true;
			}
		}
		return true;
	}

	/** Whether nobody waits in line. */
	boolean isEmpty() {
		return size() == 0;
	}

	/** How many wait in line. */
	int size() {
		int size = 0;
		for (Lane lane : this.lanes) {
			size += (lane != null) ? lane.size : 0;
		}
		return size;
	}

	/**
	 * How many wait in line per priority.
	 * @return the counts, every priority present
	 */
	Map<Priority, Integer> sizeByPriority() {
		Map<Priority, Integer> sizes = new EnumMap<>(Priority.class);
		for (Priority priority : PRIORITIES) {
			Lane lane = this.lanes[priority.ordinal()];
			sizes.put(priority, (lane != null) ? lane.size : 0);
		}
		return sizes;
	}

	/**
	 * Serves the lanes from the highest priority: a call that no longer fits is answered
	 * too large and leaves; a call whose key has no share left is passed over; a call that
	 * can be admitted gets its lease and leaves, and its key goes to the back of the turn;
	 * serving stops at the first call that must wait for the budget.
	 * @param tooLarge the too-large answer for a cost, or {@code null} when it fits
	 * @param withinShare whether a waiter's key may take its cost now
	 * @param admit a lease for a waiter when it can be admitted now, or {@code null}
	 * @param served told about each waiter served
	 */
	void serve(Function<Cost, Admission> tooLarge, Predicate<Waiter> withinShare, Function<Waiter, Lease> admit,
			Consumer<Ticket> served) {
		for (Priority priority : PRIORITIES) {
			Lane lane = this.lanes[priority.ordinal()];
			if (lane == null) {
				continue;
			}
			int passedOver = 0;
			while (passedOver < lane.turns.size()) {
				String key = lane.turns.pollFirst();
				ArrayDeque<Waiter> line = lane.lines.get(key);
				Waiter head = line.peekFirst();
				Admission refused = tooLarge.apply(head.ticket.cost());
				if (refused == null && !withinShare.test(head)) {
					lane.turns.addLast(key);
					passedOver++;
					continue;
				}
				Lease lease = (refused == null) ? admit.apply(head) : null;
				if (refused == null && lease == null) {
					lane.turns.addFirst(key);
					return;
				}
				head.lease = lease;
				head.tooLarge = refused;
				lane.pollFirst(key, line);
				served.accept(head.ticket);
				passedOver = 0;
			}
		}
	}

	/**
	 * What has to be paid before a call can go: the cost of everyone in a higher lane and
	 * everyone who joined its lane before it, and its own; or, for a call that would join,
	 * of everyone in its lane and above, and {@code extra}.
	 * @param target a waiter in line, or {@code null}
	 * @param extra a call that would join, or {@code null}
	 * @param priority the priority of {@code extra}
	 * @return cost per meter ordinal and the call's own cost
	 */
	Ahead ahead(Waiter target, Cost extra, Priority priority) {
		Priority own = (target != null) ? target.claimant.priority() : priority;
		double[] sums = new double[METERS.length];
		for (Priority lanePriority : PRIORITIES) {
			Lane lane = this.lanes[lanePriority.ordinal()];
			if (lane != null) {
				for (ArrayDeque<Waiter> line : lane.lines.values()) {
					for (Waiter waiter : line) {
						if (lanePriority != own || target == null || waiter.joined <= target.joined) {
							add(sums, waiter.ticket.cost());
						}
					}
				}
			}
			if (lanePriority == own) {
				break;
			}
		}
		if (extra != null) {
			add(sums, extra);
		}
		return new Ahead(sums, (target != null) ? target.ticket.cost() : extra);
	}

	private Lane lane(Priority priority) {
		Lane lane = this.lanes[priority.ordinal()];
		if (lane == null) {
			lane = new Lane();
			this.lanes[priority.ordinal()] = lane;
		}
		return lane;
	}

	private static boolean isEmpty(Lane lane) {
		return lane == null || lane.isEmpty();
	}

	private static void add(double[] sums, Cost cost) {
		for (Meter meter : METERS) {
			sums[meter.ordinal()] += cost.amount(meter);
		}
	}

	/**
	 * What has to be paid before a call can go.
	 *
	 * @param perMeter cost per meter ordinal of the calls ahead and the call
	 * @param own the call's own cost, or {@code null}
	 */
	record Ahead(double[] perMeter, Cost own) {
	}

	/** The calls of one priority: a line per key, and the keys' turns. */
	private static final class Lane {

		private final Map<String, ArrayDeque<Waiter>> lines = new LinkedHashMap<>();

		private final ArrayDeque<String> turns = new ArrayDeque<>();

		private int size;

		void add(Waiter waiter) {
			String key = keyOf(waiter);
			ArrayDeque<Waiter> line = this.lines.get(key);
			if (line == null) {
				line = new ArrayDeque<>();
				this.lines.put(key, line);
				this.turns.addLast(key);
			}
			line.addLast(waiter);
			waiter.inLine = true;
			this.size++;
		}

		void remove(Waiter waiter) {
			String key = keyOf(waiter);
			ArrayDeque<Waiter> line = this.lines.get(key);
			if (line != null && line.remove(waiter)) {
				waiter.inLine = false;
				this.size--;
				if (line.isEmpty()) {
					this.lines.remove(key);
					this.turns.remove(key);
				}
			}
		}

		/** Takes the head of a key's line, whose key was just taken out of the turns. */
		void pollFirst(String key, ArrayDeque<Waiter> line) {
			line.pollFirst().inLine = false;
			this.size--;
			if (line.isEmpty()) {
				this.lines.remove(key);
			}
			else {
				this.turns.addLast(key);
			}
		}

		boolean isEmpty() {
			return this.size == 0;
		}

		private static String keyOf(Waiter waiter) {
			return (waiter.claimant.key() != null) ? waiter.claimant.key() : NO_KEY;
		}

	}

	/** A call in line, then its answer once served. */
	static final class Waiter {

		private final Ticket ticket;

		private final Claimant claimant;

		private final long joined;

		private boolean inLine;

		private Lease lease;

		private Admission tooLarge;

		private Waiter(Ticket ticket, Claimant claimant, long joined) {
			this.ticket = ticket;
			this.claimant = claimant;
			this.joined = joined;
		}

		/** The call's ticket. */
		Ticket ticket() {
			return this.ticket;
		}

		/** The call's priority and key. */
		Claimant claimant() {
			return this.claimant;
		}

		/** The lease granted when served, or {@code null}. */
		Lease lease() {
			return this.lease;
		}

		/** The too-large answer when the call stopped fitting, or {@code null}. */
		Admission tooLarge() {
			return this.tooLarge;
		}

	}

}
