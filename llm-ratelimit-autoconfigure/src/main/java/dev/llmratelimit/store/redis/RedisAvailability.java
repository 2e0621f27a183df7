package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Whether the Redis of a store can be reached, and whether a failed call means it cannot
 * (rather than a bug, or the caller's interruption). The first failure marks it down;
 * from then on budgets use their fallback without touching Redis, while a background
 * probe tries Redis again every retry interval. When the probe succeeds, the recovery
 * task runs (it replays what could not reach Redis) and Redis is marked up again.
 */
final class RedisAvailability {

	private static final Log logger = LogFactory.getLog(RedisAvailability.class);

	/** Replies of a reachable Redis that still mean "not now". */
	private static final List<String> TRANSIENT_ERRORS = List.of("LOADING", "BUSY", "MASTERDOWN", "READONLY",
			"CLUSTERDOWN", "TRYAGAIN", "NOREPLICAS");

	private final ScheduledExecutorService scheduler;

	private final Duration retryInterval;

	private final Runnable probe;

	private final Runnable recovery;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private volatile boolean available = true;

	private volatile RuntimeException lastFailure;

	private volatile Instant unavailableSince;

	private volatile long outages;

	RedisAvailability(ScheduledExecutorService scheduler, Duration retryInterval, Runnable probe,
			Runnable recovery) {
		this.scheduler = scheduler;
		this.retryInterval = retryInterval;
		this.probe = probe;
		this.recovery = recovery;
	}

	/** Whether an exception from Redis means it cannot be reached (rather than a bug). */
	static boolean isOutage(RuntimeException ex) {
		if (!(ex instanceof DataAccessException)) {
			return false;
		}
		if (ex instanceof InvalidDataAccessApiUsageException) {
			String message = String.valueOf(ex.getMessage());
			return TRANSIENT_ERRORS.stream().anyMatch(message::contains);
		}
		return true;
	}

	/**
	 * Whether the calling thread was interrupted or its command cancelled: the caller's
	 * doing, not Redis's.
	 */
	private static boolean isInterruption(Throwable ex) {
		if (Thread.currentThread().isInterrupted()) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InterruptedException || cause instanceof CancellationException
					|| cause.getClass().getSimpleName().endsWith("InterruptedException")) {
				return true;
			}
		}
		return false;
	}

	boolean isAvailable() {
		return this.available;
	}

	RuntimeException lastFailure() {
		return this.lastFailure;
	}

	Instant unavailableSince() {
		return this.unavailableSince;
	}

	/** How many times Redis went down: each outage has a number. */
	long outages() {
		return this.outages;
	}

	void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/** Marks Redis down after {@code failure}, unless it already is. */
	void failed(RuntimeException failure) {
		synchronized (this) {
			this.lastFailure = failure;
			if (!this.available) {
				return;
			}
			this.available = false;
			this.unavailableSince = Instant.now();
			this.outages++;
		}
		logger.warn("Redis budget store is unavailable; applying its on-failure policy until it is back", failure);
		fire(false);
		scheduleProbe();
	}

	/**
	 * Takes the failure of a budget's call to Redis: one that means Redis cannot be reached
	 * marks it down (as {@link #failed} does); any other, or one the caller interrupted or
	 * cancelled, is thrown again, to reach the caller while Redis stays in use.
	 * @param failure the failure
	 */
	void callFailed(DataAccessException failure) {
		if (!isOutage(failure) || isInterruption(failure)) {
			throw failure;
		}
		failed(failure);
	}

	private void scheduleProbe() {
		try {
			this.scheduler.schedule(this::probe, this.retryInterval.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Redis budget store is closed; no more probes", ex);
		}
	}

	private void probe() {
		try {
			this.probe.run();
			this.recovery.run();
			synchronized (this) {
				this.available = true;
				this.unavailableSince = null;
			}
			logger.info("Redis budget store is available again");
			fire(true);
			this.recovery.run();
		}
		catch (RuntimeException ex) {
			this.lastFailure = ex;
			logger.debug("Redis budget store is still unavailable", ex);
			if (!this.available) {
				scheduleProbe();
			}
			else {
				failed(ex);
			}
		}
	}

	private void fire(boolean nowAvailable) {
		for (Listener listener : this.listeners) {
			try {
				listener.availabilityChanged(nowAvailable);
			}
			catch (RuntimeException ex) {
				logger.warn("Availability listener " + listener + " failed", ex);
			}
		}
	}

	/** Told when availability changes. */
	interface Listener {

		void availabilityChanged(boolean available);

	}

}
