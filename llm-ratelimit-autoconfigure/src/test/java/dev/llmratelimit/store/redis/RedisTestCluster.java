package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.locks.LockSupport;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A real Redis Cluster of three masters for tests, on free ports: three
 * {@link RedisTestServer} nodes in cluster mode that meet each other and share the 16384
 * slots, with nothing to install beyond what {@link RedisTestServer} uses.
 */
final class RedisTestCluster implements AutoCloseable {

	private static final int SLOTS = 16384;

	private final List<RedisTestServer> nodes = new ArrayList<>();

	private RedisTestCluster() {
	}

	/**
	 * Starts three masters and waits until the cluster serves every slot.
	 * @return the running cluster
	 */
	static RedisTestCluster start() {
		RedisTestCluster cluster = new RedisTestCluster();
		try {
			for (int i = 0; i < 3; i++) {
				cluster.nodes.add(RedisTestServer.startClusterNode());
			}
			RedisTestServer first = cluster.nodes.get(0);
			for (int i = 0; i < 3; i++) {
				RedisTestServer node = cluster.nodes.get(i);
				if (i > 0) {
					first.command("CLUSTER MEET 127.0.0.1 " + node.port());
				}
				node.command(addSlots(i * SLOTS / 3, (i + 1) * SLOTS / 3));
			}
			cluster.awaitReady();
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * The nodes, in the order their slots go.
	 * @return the nodes
	 */
	List<RedisTestServer> nodes() {
		return this.nodes;
	}

	/**
	 * A new, started Lettuce connection factory for the cluster.
	 * @return the connection factory; destroy it when done
	 */
	LettuceConnectionFactory connectionFactory() {
		RedisClusterConfiguration configuration = new RedisClusterConfiguration(
				this.nodes.stream().map((node) -> "127.0.0.1:" + node.port()).toList());
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(2))
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@Override
	public void close() {
		this.nodes.forEach(RedisTestServer::stop);
	}

	private static String addSlots(int from, int to) {
		StringJoiner command = new StringJoiner(" ", "CLUSTER ADDSLOTS ", "");
		for (int slot = from; slot < to; slot++) {
			command.add(Integer.toString(slot));
		}
		return command.toString();
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!this.nodes.stream().allMatch(RedisTestCluster::isReady)) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("Redis Cluster did not become ready: "
						+ this.nodes.get(0).command("CLUSTER INFO"));
			}
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
	}

	private static boolean isReady(RedisTestServer node) {
		String info = node.command("CLUSTER INFO");
		return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
	}

}
