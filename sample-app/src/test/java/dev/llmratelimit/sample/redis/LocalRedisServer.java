package dev.llmratelimit.sample.redis;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server on a free loopback port: the machine's {@code redis-server} when it
 * is on the PATH, otherwise the binary shipped by embedded-redis.
 */
final class LocalRedisServer implements AutoCloseable {

	private final RedisServer server;

	private final int port;

	private LocalRedisServer(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts a server and waits until it accepts connections.
	 * @return the running server
	 */
	static LocalRedisServer start() {
		try {
			int port = freePort();
			RedisServer server = RedisServer.newRedisServer()
				.executableProvider(executable())
				.bind("127.0.0.1")
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			return new LocalRedisServer(server, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws IOException {
		this.server.stop();
	}

	private static ExecutableProvider executable() {
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
