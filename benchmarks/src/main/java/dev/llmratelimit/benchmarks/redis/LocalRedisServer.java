package dev.llmratelimit.benchmarks.redis;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A redis-server for the benchmark on a free loopback port: the machine's
 * {@code redis-server} when it is on the PATH, otherwise the binary shipped by
 * embedded-redis. No persistence, so disk speed does not enter the figures.
 */
public final class LocalRedisServer implements AutoCloseable {

	private final RedisServer server;

	private final int port;

	private final String executable;

	private LocalRedisServer(RedisServer server, int port, String executable) {
		this.server = server;
		this.port = port;
		this.executable = executable;
	}

	/**
	 * Starts a server and waits until it accepts connections.
	 * @return the running server
	 * @throws IOException if the server cannot be started
	 */
	public static LocalRedisServer start() throws IOException {
		int port = freePort();
		ExecutableProvider executable = findExecutable();
		RedisServer server = RedisServer.newRedisServer()
			.executableProvider(executable)
			.bind("127.0.0.1")
			.port(port)
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		server.start();
		return new LocalRedisServer(server, port, executable.get().getAbsolutePath());
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/** Path of the redis-server binary in use. */
	public String executable() {
		return this.executable;
	}

	/**
	 * Stops the server, as an outage would.
	 * @throws IOException if it cannot be stopped
	 */
	public void kill() throws IOException {
		this.server.stop();
	}

	/**
	 * Starts the server again on the same port, empty.
	 * @throws IOException if it cannot be started
	 */
	public void restart() throws IOException {
		this.server.start();
	}

	@Override
	public void close() throws IOException {
		this.server.stop();
	}

	private static ExecutableProvider findExecutable() {
		try {
			return ExecutableProvider.newExecutableInPath("redis-server");
		}
		catch (FileNotFoundException ex) {
			return ExecutableProvider.newJarResourceProvider();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
