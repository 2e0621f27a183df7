package dev.llmratelimit.test.redis;

import java.io.File;
import java.io.FileNotFoundException;
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

/**
 * A real {@code redis-server} for tests, on a free loopback port: the machine's
 * {@code redis-server} when it is on the {@code PATH}, otherwise (or with
 * {@code -Dllm.ratelimit.test.embedded-redis=true}) the 6.2.6 binary shipped by
 * embedded-redis ({@code com.github.codemonstur:embedded-redis}, an optional dependency:
 * add it to your test dependencies to run where no {@code redis-server} is installed).
 * Nothing is saved to disk unless the server is started {@link #startPersistent()
 * persistent}, so disk speed does not enter timings. A test may {@link #kill()} the server,
 * as a crash or an outage would, and {@link #restart()} it on the same port.
 *
 * <pre>{@code
 * try (LocalRedisServer redis = LocalRedisServer.start()) {
 *     // spring.data.redis.port = redis.port()
 * }
 * }</pre>
 */
public class LocalRedisServer implements AutoCloseable {

	private final File executable;

	private final int port;

	private final Path directory;

	private final boolean persistent;

	private final List<String> options;

	private Process process;

	/**
	 * Starts a server and waits until it answers.
	 * @param port the port to listen on, see {@link #freePort(int)}
	 * @param persistent whether it writes every command to an append-only file, so that
	 * data survives a kill and restart
	 * @param options further {@code redis-server} options, for example to enable cluster mode
	 */
	protected LocalRedisServer(int port, boolean persistent, List<String> options) {
		this(port, persistent, options, Boolean.getBoolean("llm.ratelimit.test.embedded-redis"));
	}

	/**
	 * Starts a server and waits until it answers.
	 * @param port the port to listen on, see {@link #freePort(int)}
	 * @param persistent whether it writes every command to an append-only file, so that
	 * data survives a kill and restart
	 * @param options further {@code redis-server} options, for example to enable cluster mode
	 * @param embedded whether to run embedded-redis's 6.2.6 binary even where a
	 * {@code redis-server} is on the {@code PATH}
	 */
	protected LocalRedisServer(int port, boolean persistent, List<String> options, boolean embedded) {
		try {
			this.executable = findExecutable(embedded);
			this.directory = Files.createTempDirectory("redis-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.port = port;
		this.persistent = persistent;
		this.options = List.copyOf(options);
		restart();
	}

	/**
	 * Starts a server that keeps nothing on disk: a restart after {@link #kill()} finds it
	 * empty.
	 * @return the running server
	 */
	public static LocalRedisServer start() {
		return new LocalRedisServer(freePort(0), false, List.of());
	}

	/**
	 * Starts embedded-redis's 6.2.6 binary (a Redis without functions) whatever the
	 * machine has installed, keeping nothing on disk.
	 * @return the running server
	 */
	public static LocalRedisServer startEmbedded() {
		return new LocalRedisServer(freePort(0), false, List.of(), true);
	}

	/**
	 * Starts a server that writes every command to an append-only file, so that its data
	 * survives {@link #kill()} and {@link #restart()}.
	 * @return the running server
	 */
	public static LocalRedisServer startPersistent() {
		return new LocalRedisServer(freePort(0), true, List.of());
	}

	/**
	 * Port the server listens on, on {@code 127.0.0.1}.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Path of the {@code redis-server} binary in use.
	 * @return the absolute path
	 */
	public String executable() {
		return this.executable.getAbsolutePath();
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

	@Override
	public void close() {
		stop();
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

	/**
	 * A free loopback port whose neighbour {@code offset} above is free too (a cluster
	 * node's bus listens on its port + 10000).
	 * @param offset the neighbour that must be free too, zero for none
	 * @return the port
	 */
	protected static int freePort(int offset) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = freePort();
			if (offset == 0 || (port + offset <= 65535 && isFree(port + offset))) {
				return port;
			}
		}
		throw new IllegalStateException("No free port with a free port " + offset + " above it");
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

	private static File findExecutable(boolean embedded) throws IOException {
		String path = System.getenv("PATH");
		// -Dllm.ratelimit.test.embedded-redis=true tries the binary a fresh machine would use
		if (path != null && !embedded) {
			for (String directory : path.split(File.pathSeparator)) {
				File candidate = new File(directory, "redis-server");
				if (candidate.canExecute()) {
					return candidate;
				}
			}
		}
		try {
			return ExecutableProvider.newJarResourceProvider().get();
		}
		catch (NoClassDefFoundError ex) {
			throw new FileNotFoundException("No redis-server on the PATH, and embedded-redis "
					+ "(com.github.codemonstur:embedded-redis) is not on the classpath");
		}
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
