package dev.llmratelimit.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the callers of one model wait for budget. A version number closes the gap between
 * checking the budget and going to sleep, so no wake-up is lost. Uses a
 * {@link ReentrantLock}, not {@code synchronized}, so virtual threads do not pin their
 * carrier while waiting.
 */
final class WaitRoom {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private volatile long version;

	long version() {
		return this.version;
	}

	void signalAll() {
		this.lock.lock();
		try {
			this.version++;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Waits until signalled after {@code seenVersion}, or for at most {@code nanos}. */
	void await(long seenVersion, long nanos) throws InterruptedException {
		this.lock.lock();
		try {
			if (this.version == seenVersion && nanos > 0) {
				this.changed.await(nanos, TimeUnit.NANOSECONDS);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
