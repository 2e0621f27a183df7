package dev.llmratelimit.benchmarks.scale;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * The kinds of threads the waiters run on. Virtual threads are looked up by reflection, so
 * this module still compiles and runs on Java 17, where they are simply unavailable.
 */
enum WaiterThreads {

	/** Ordinary platform threads. */
	PLATFORM,

	/** Virtual threads, on Java 21 and later. */
	VIRTUAL;

	/**
	 * Factory of threads of this kind.
	 * @return the factory, empty when this runtime has no such threads
	 */
	Optional<ThreadFactory> factory() {
		if (this == PLATFORM) {
			return Optional.of(Thread::new);
		}
		if (Runtime.version().feature() < 21) {
			return Optional.empty();
		}
		try {
			Method ofVirtual = Thread.class.getMethod("ofVirtual");
			Object builder = ofVirtual.invoke(null);
			Method factory = ofVirtual.getReturnType().getMethod("factory");
			return Optional.of((ThreadFactory) factory.invoke(builder));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Java " + Runtime.version() + " should have virtual threads", ex);
		}
	}

}
