package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.List;

import dev.llmratelimit.test.redis.LocalRedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The test kit's {@link LocalRedisServer} with what this module's tests add: one server
 * shared by the whole test run ({@link #shared()}), cluster nodes (see
 * {@link RedisTestCluster}) and Lettuce connection factories.
 */
public final class RedisTestServer extends LocalRedisServer {

	private static RedisTestServer shared;

	private static RedisTestServer sharedRedis6;

	/** Private servers are killed by outage tests: their clients should notice at once. */
	private static final Duration FAIL_FAST = Duration.ofSeconds(1);

	/**
	 * The shared server is never stopped before the run ends: its clients wait out a
	 * loaded machine's pauses instead of taking them for an outage and moving to a
	 * fallback budget.
	 */
	private static final Duration PATIENT = Duration.ofSeconds(20);

	private final Duration commandTimeout;

	private RedisTestServer(int port, boolean persistent, List<String> options, Duration commandTimeout) {
		super(port, persistent, options);
		this.commandTimeout = commandTimeout;
	}

	private RedisTestServer(int port, List<String> options, Duration commandTimeout, boolean embedded) {
		super(port, false, options, embedded);
		this.commandTimeout = commandTimeout;
	}

	/**
	 * The server shared by the whole test run, started on first use.
	 * @return the running server
	 */
	public static synchronized RedisTestServer shared() {
		if (shared == null) {
			shared = new RedisTestServer(freePort(0), false, List.of(), PATIENT);
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
		}
		return shared;
	}

	/**
	 * A server running embedded-redis's 6.2.6 binary, whatever the machine has installed,
	 * shared by the whole test run and started on first use: a Redis without functions,
	 * where the store sends scripts ({@code EVALSHA}). Its clients are as patient as the
	 * shared server's.
	 * @return the running server
	 */
	public static synchronized RedisTestServer sharedRedis6() {
		if (sharedRedis6 == null) {
			sharedRedis6 = new RedisTestServer(freePort(0), List.of(), PATIENT, true);
			Runtime.getRuntime().addShutdownHook(new Thread(sharedRedis6::stop));
		}
		return sharedRedis6;
	}

	/**
	 * Starts a private server a test may kill and restart.
	 * @param persistent whether it writes every command to an append-only file, so that
	 * data survives a kill and restart
	 * @return the running server
	 */
	public static RedisTestServer start(boolean persistent) {
		return new RedisTestServer(freePort(0), persistent, List.of(), FAIL_FAST);
	}

	/**
	 * Starts a private server in cluster mode, with no slots yet (see {@link RedisTestCluster}).
	 * @return the running server
	 */
	static RedisTestServer startClusterNode() {
		// the cluster bus listens on the port + 10000
		return new RedisTestServer(freePort(10000), false,
				List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"), FAIL_FAST);
	}

	/**
	 * A new, started Lettuce connection factory for this server: failing fast when a
	 * private server is down, patient with the shared one.
	 * @return the connection factory; destroy it when done
	 */
	public LettuceConnectionFactory connectionFactory() {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(this.commandTimeout)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port()), client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
