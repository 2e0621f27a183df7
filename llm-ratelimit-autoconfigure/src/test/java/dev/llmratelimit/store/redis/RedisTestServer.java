package dev.llmratelimit.store.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import redis.embedded.core.ExecutableProvider;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A real redis-server for tests, on a free port: the machine's {@code redis-server} when
 * it is on the PATH, otherwise (or with {@code -Dllm.ratelimit.test.embedded-redis=true})
 * the 6.2.6 binary shipped by embedded-redis. {@link #shared()} is
 * started once per test run; {@link #start(boolean)} gives a private one a test may kill
 * and restart.
 */
public final class RedisTestServer {

	private static RedisTestServer shared;

	private final File executable;

	private final int port;

	private final Path directory;

	private final boolean persistent;

	private final List<String> options;

	private Process process;

	private RedisTestServer(File executable, int port, Path directory, boolean persistent, List<String> options) {
		this.executable = executable;
		this.port = port;
		this.directory = directory;
		this.persistent = persistent;
		this.options = options;
	}

	/**
	 * The server shared by the whole test run, started on first use.
	 * @return the running server
	 */
	public static synchronized RedisTestServer shared() {
		if (shared == null) {
			shared = start(false);
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
		}
		return shared;
	}

	/**
	 * Starts a private server.
	 * @param persistent whether it writes every command to an append-only file, so that
	 * data survives a kill and restart
	 * @return the running server
	 */
	public static RedisTestServer start(boolean persistent) {
		return start(persistent, freePort(0), List.of());
	}

	/**
	 * Starts a private server in cluster mode, with no slots yet (see {@link RedisTestCluster}).
	 * @return the running server
	 */
	static RedisTestServer startClusterNode() {
		// the cluster bus listens on the port + 10000
		return start(false, freePort(10000),
				List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
	}

	private static RedisTestServer start(boolean persistent, int port, List<String> options) {
		try {
			Path directory = Files.createTempDirectory("redis-test");
			RedisTestServer server = new RedisTestServer(executable(), port, directory, persistent, options);
			server.restart();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Version the server reports, for example {@code 6.2.6}.
	 * @return the version
	 */
	public String version() {
		String info = command("INFO server");
		int start = info.indexOf("redis_version:") + "redis_version:".length();
		return info.substring(start, info.indexOf('\r', start));
	}

	/**
	 * A new, started Lettuce connection factory for this server, failing fast when the
	 * server is down.
	 * @return the connection factory; destroy it when done
	 */
	public LettuceConnectionFactory connectionFactory() {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(1))
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.port), client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Kills the server at once, as a crash would.
	 */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Stops the server.
	 */
	public void stop() {
		kill();
	}

	/**
	 * Starts the server again on the same port and waits until it answers.
	 */
	public synchronized void restart() {
		List<String> command = new ArrayList<>(List.of(this.executable.getAbsolutePath(), "--port",
				Integer.toString(this.port), "--bind", "127.0.0.1", "--dir", this.directory.toString(), "--save",
				"", "--daemonize", "no"));
		command.addAll(this.persistent ? List.of("--appendonly", "yes", "--appendfsync", "always")
				: List.of("--appendonly", "no"));
		command.addAll(this.options);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitReady();
	}

	/**
	 * Sends one inline command and returns the raw reply.
	 * @param command the command, for example {@code PING}
	 * @return the reply as text
	 */
	public String command(String command) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[65536];
			int read = in.read(buffer);
			return (read > 0) ? new String(buffer, 0, read, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			try {
				if (command("PING").startsWith("+PONG")) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("redis-server did not start on port " + this.port, ex);
				}
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	private static File executable() throws IOException {
		String path = System.getenv("PATH");
		// -Dllm.ratelimit.test.embedded-redis=true tries the binary a fresh machine would use
		if (path != null && !Boolean.getBoolean("llm.ratelimit.test.embedded-redis")) {
			for (String directory : path.split(File.pathSeparator)) {
				File candidate = new File(directory, "redis-server");
				if (candidate.canExecute()) {
					return candidate;
				}
			}
		}
		return ExecutableProvider.newJarResourceProvider().get();
	}

	/** A free port whose neighbour {@code offset} above is free too. */
	private static int freePort(int offset) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = freePort();
			if (offset == 0 || (port + offset <= 65535 && isFree(port + offset))) {
				return port;
			}
		}
		throw new IllegalStateException("No free port with a free port " + offset + " above it");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
