package dev.llmratelimit.store.redis;

import java.util.ArrayList;
import java.util.List;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.internal.Admission;

/**
 * The reply of a budget script: status, id, meter, a number (wait or limit, in
 * microseconds for waits), whether budget was freed, the leases that expired, the limits
 * that changed, then values particular to the operation.
 */
final class ScriptReply {

	private static final Meter[] METERS = Meter.values();

	private final List<Object> values;

	private int next;

	final String status;

	final String id;

	final Meter meter;

	final long number;

	final boolean changed;

	final List<Lease> expired = new ArrayList<>(0);

	final List<LimitChange> limitChanges = new ArrayList<>(0);

	ScriptReply(List<Object> values) {
		this.values = values;
		this.status = text();
		this.id = text();
		this.meter = meter(text());
		this.number = (long) Double.parseDouble(text());
		this.changed = "1".equals(text());
		int expiredCount = integer();
		for (int i = 0; i < expiredCount; i++) {
			this.expired.add(new Lease(text(), CostCodec.decode(text())));
		}
		int changeCount = integer();
		for (int i = 0; i < changeCount; i++) {
			this.limitChanges.add(new LimitChange(meter(text()), (long) Double.parseDouble(text()),
					(long) Double.parseDouble(text())));
		}
	}

	/** Next value particular to the operation. */
	String text() {
		return String.valueOf(this.values.get(this.next++));
	}

	int integer() {
		return Integer.parseInt(text());
	}

	double decimal() {
		return Double.parseDouble(text());
	}

	boolean hasMore() {
		return this.next < this.values.size();
	}

	/**
	 * A wait as the scripts give it, in microseconds, in nanoseconds.
	 * @param micros the wait, negative when not known
	 * @return the wait, or {@link Admission#UNKNOWN_WAIT} when not known
	 */
	static long nanos(long micros) {
		return (micros < 0) ? Admission.UNKNOWN_WAIT : micros * 1000;
	}

	/** Meter from its 1-based index in a script, {@code null} for 0. */
	static Meter meter(String index) {
		int position = Integer.parseInt(index);
		return (position > 0) ? METERS[position - 1] : null;
	}

	record LimitChange(Meter meter, long previous, long current) {
	}

}
