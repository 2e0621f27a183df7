package dev.llmratelimit.benchmarks.scale;

/**
 * What one {@link WaiterRun} saw.
 *
 * @param kind the threads the waiters ran on
 * @param waiters how many callers waited
 * @param perStep how many requests each time step refilled
 * @param queued how many callers took a ticket
 * @param admitted how many callers were admitted
 * @param firstBatchOutOfOrder index of the first step that admitted others than the next
 * tickets, or -1
 * @param stalled whether a step admitted nobody in time (a lost wake-up)
 * @param failures how many callers failed instead of being admitted
 * @param polls how many times waiting callers polled their ticket
 * @param elapsedNanos real time from the first step to the last admission
 * @param slowestStepNanos real time of the slowest step
 */
record WaiterRunResult(WaiterThreads kind, int waiters, int perStep, int queued, int admitted,
		int firstBatchOutOfOrder, boolean stalled, int failures, long polls, long elapsedNanos,
		long slowestStepNanos) {

	/**
	 * Whether every caller was queued and then admitted in ticket order.
	 * @return {@code true} when the run passed
	 */
	boolean passed() {
		return this.queued == this.waiters && this.admitted == this.waiters && this.firstBatchOutOfOrder < 0
				&& !this.stalled && this.failures == 0;
	}

}
