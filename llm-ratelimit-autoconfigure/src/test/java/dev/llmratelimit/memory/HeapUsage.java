package dev.llmratelimit.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap in use after a full collection, for the memory tests.
 */
final class HeapUsage {

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private HeapUsage() {
	}

	/**
	 * Heap in use once garbage is collected (several collections, until the figure settles).
	 * @return bytes in use
	 */
	static long afterCollection() {
		long previous = Long.MAX_VALUE;
		long used = used();
		for (int i = 0; i < 10 && used < previous - 1024 * 1024; i++) {
			System.gc();
			previous = used;
			used = used();
		}
		System.gc();
		return used();
	}

	private static long used() {
		return MEMORY.getHeapMemoryUsage().getUsed();
	}

}
