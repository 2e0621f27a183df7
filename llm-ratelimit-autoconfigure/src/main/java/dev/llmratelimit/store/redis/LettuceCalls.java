package dev.llmratelimit.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.StatusOutput;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;

/**
 * Calls the budget's operations as functions of a library loaded once into Redis (Redis 7
 * {@code FUNCTION LOAD} and {@code FCALL}) over a Lettuce connection, so that Redis does
 * not define the shared Lua functions again on every call. Loads the library when Redis
 * does not know it (first use, a restarted or flushed server); gives up for good, so that
 * the caller sends scripts instead, when Redis has no functions (before 7), refuses the
 * library (an ACL, say), or the connection is a cluster, pipelining or transaction one.
 * <p>
 * Once a function ran, calls may also be sent without waiting for their reply
 * ({@link #send}), when every command of the application goes over the one native
 * connection the factory shares: Redis then runs them in the order they were sent, so a
 * call sent in the background takes effect before any command sent after it.
 * <p>
 * Only loaded when Lettuce is on the class path.
 */
final class LettuceCalls {

	private static final byte[] LOAD = bytes("LOAD");

	private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

	private final byte[] library;

	private volatile boolean usable = true;

	private volatile boolean used;

	/** Whether background calls may go on the one native connection every command takes. */
	private final boolean oneConnection;

	/** How long {@link #await} waits for a reply: the connection's command timeout. */
	private final Duration timeout;

	LettuceCalls(String library, RedisConnectionFactory connectionFactory) {
		this.library = bytes(library);
		this.oneConnection = connectionFactory instanceof LettuceConnectionFactory lettuce
				&& lettuce.getShareNativeConnection() && !lettuce.isClusterAware();
		this.timeout = (connectionFactory instanceof LettuceConnectionFactory lettuce)
				? lettuce.getClientConfiguration().getCommandTimeout() : Duration.ofSeconds(60);
	}

	/**
	 * Calls a function of the library.
	 * @param connection the connection
	 * @param function the function's name
	 * @param keys its keys
	 * @param args its arguments
	 * @return the reply, or {@code null} when functions cannot be used (then or ever)
	 */
	List<Object> call(RedisConnection connection, String function, List<String> keys, Object[] args) {
		if (!this.usable) {
			return null;
		}
		if (!(connection instanceof LettuceConnection lettuce) || connection instanceof RedisClusterConnection
				|| lettuce.isPipelined() || lettuce.isQueueing()) {
			this.usable = false;
			return null;
		}
		byte[][] command = command(function, keys, args);
		try {
			return fcall(lettuce, command);
		}
		catch (DataAccessException ex) {
			if (says(ex, "unknown command")) {
				this.usable = false;
				return null;
			}
			if (!says(ex, "Function not found")) {
				throw ex;
			}
		}
		return load(lettuce) ? fcall(lettuce, command) : null;
	}

	/**
	 * Sends a call of a function and returns at once.
	 * @param connection the connection
	 * @param function the function's name
	 * @param keys its keys
	 * @param args its arguments
	 * @return the reply to come, or {@code null} when the call cannot be sent so (then it
	 * must be run with {@link #call})
	 */
	CompletableFuture<List<Object>> send(RedisConnection connection, String function, List<String> keys,
			Object[] args) {
		if (!this.oneConnection || !this.usable || !this.used || !(connection instanceof LettuceConnection lettuce)
				|| connection instanceof RedisClusterConnection || lettuce.isPipelined() || lettuce.isQueueing()) {
			return null;
		}
		byte[][] values = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			values[i] = bytes(String.valueOf(args[i]));
		}
		byte[][] keyBytes = keys.stream().map(LettuceCalls::bytes).toArray(byte[][]::new);
		RedisFuture<List<Object>> reply = lettuce.getNativeConnection()
			.fcall(function, ScriptOutputType.MULTI, keyBytes, values);
		return reply.toCompletableFuture().thenApply(LettuceCalls::texts);
	}

	/**
	 * Whether calls may be sent without waiting ({@link #send} may still answer
	 * {@code null} for a connection bound to a pipeline or a transaction).
	 */
	boolean canSend() {
		return this.oneConnection && this.usable && this.used;
	}

	/**
	 * Waits for the reply of a call {@link #send sent}, as {@link #call} would.
	 * @param reply the reply to come
	 * @return the reply
	 * @throws DataAccessException when the call failed or the reply did not come in time
	 */
	List<Object> await(CompletableFuture<List<Object>> reply) {
		try {
			return reply.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for Redis", ex);
		}
		catch (TimeoutException ex) {
			throw new QueryTimeoutException("Redis did not answer within " + this.timeout, ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			DataAccessException translated = (cause instanceof Exception exception) ? EXCEPTIONS.convert(exception)
					: null;
			throw (translated != null) ? translated : new RedisSystemException(cause.getMessage(), cause);
		}
	}

	/**
	 * Whether a failure says that Redis does not know the library (a restarted or flushed
	 * server): the call did nothing, and {@link #call} loads the library and calls again.
	 * @param ex the failure
	 * @return whether the library is missing
	 */
	static boolean isMissingLibrary(DataAccessException ex) {
		return says(ex, "Function not found");
	}

	/** Whether functions may still be used. */
	boolean usable() {
		return this.usable;
	}

	/** Whether a call ran as a function. */
	boolean used() {
		return this.used;
	}

	private List<Object> fcall(LettuceConnection connection, byte[][] command) {
		Object reply = connection.execute("FCALL", new NestedMultiOutput<>(ByteArrayCodec.INSTANCE), command);
		this.used = true;
		return texts((List<?>) reply);
	}

	private static List<Object> texts(List<?> values) {
		List<Object> texts = new ArrayList<>(values.size());
		for (Object value : values) {
			texts.add((value instanceof byte[] raw) ? new String(raw, StandardCharsets.UTF_8) : value);
		}
		return texts;
	}

	/** Loads the library; {@code false} when Redis refuses it (not for being down). */
	private boolean load(LettuceConnection connection) {
		try {
			connection.execute("FUNCTION", new StatusOutput<>(ByteArrayCodec.INSTANCE), LOAD, this.library);
			return true;
		}
		catch (DataAccessException ex) {
			if (says(ex, "already exists")) {
				return true;
			}
			if (RedisAvailability.isOutage(ex)) {
				throw ex;
			}
			this.usable = false;
			return false;
		}
	}

	private static byte[][] command(String function, List<String> keys, Object[] args) {
		byte[][] command = new byte[2 + keys.size() + args.length][];
		command[0] = bytes(function);
		command[1] = bytes(Integer.toString(keys.size()));
		int next = 2;
		for (String key : keys) {
			command[next++] = bytes(key);
		}
		for (Object arg : args) {
			command[next++] = bytes(String.valueOf(arg));
		}
		return command;
	}

	private static boolean says(DataAccessException ex, String text) {
		return String.valueOf(NestedExceptionUtils.getMostSpecificCause(ex).getMessage()).contains(text);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
