package dev.llmratelimit.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

import dev.llmratelimit.Meter;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.ClassUtils;

/**
 * The Lua code of a Redis budget, one operation per atomic round trip, and how it is
 * called. The shared code ({@code common.lua}, preceded by the meter table generated from
 * {@link Meter}) is loaded once as a Redis 7 function library, one function per operation,
 * when the connection is a (non-cluster) Lettuce one and the server has functions: a call
 * then runs only the operation, not the definitions of the shared code. Otherwise (Redis 6,
 * Redis Cluster, another client library) each operation is a script sent with EVALSHA: the
 * shared code, a call to its {@code begin} with the script's keys and arguments, then the
 * operation. Functions may also be sent without waiting for their reply ({@link #send}).
 */
final class BudgetScripts {

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			BudgetScripts.class.getClassLoader());

	@SuppressWarnings("rawtypes")
	private static final Class<List> REPLY = List.class;

	final Operation acquire;

	final Operation poll;

	final Operation cancel;

	final Operation settle;

	final Operation observe;

	final Operation state;

	final Operation touch;

	final Operation charge;

	final Operation sent;

	/** The function library's code, named after its content so that versions coexist. */
	final String library;

	/** Calls the library's functions, or {@code null} once they cannot be used. */
	private volatile LettuceCalls functions;

	/** Waits for the replies of functions sent, or {@code null} without Lettuce. */
	private final LettuceCalls replies;

	BudgetScripts(RedisConnectionFactory connectionFactory) {
		String shared = meterTable() + read("common.lua");
		String name = "llmratelimit_" + digest(shared + operationsText());
		StringBuilder library = new StringBuilder("#!lua name=").append(name).append('\n').append(shared);
		this.acquire = operation(shared, name, "acquire", library);
		this.poll = operation(shared, name, "poll", library);
		this.cancel = operation(shared, name, "cancel", library);
		this.settle = operation(shared, name, "settle", library);
		this.observe = operation(shared, name, "observe", library);
		this.state = operation(shared, name, "state", library);
		this.touch = operation(shared, name, "touch", library);
		this.charge = operation(shared, name, "charge", library);
		this.sent = operation(shared, name, "sent", library);
		this.library = library.toString();
		this.functions = LETTUCE_PRESENT ? new LettuceCalls(this.library, connectionFactory) : null;
		this.replies = this.functions;
	}

	/**
	 * Runs an operation: as a function when the library can be used, else as a script.
	 * @param template the connection's template
	 * @param operation the operation
	 * @param keys the budget's keys
	 * @param args the arguments
	 * @return the script's reply
	 */
	List<Object> run(StringRedisTemplate template, Operation operation, List<String> keys, Object[] args) {
		LettuceCalls calls = this.functions;
		if (calls != null) {
			List<Object> reply = template.execute((RedisCallback<List<Object>>) (connection) -> calls
				.call(connection, operation.function, keys, args), true);
			if (reply != null) {
				return reply;
			}
			if (!calls.usable()) {
				this.functions = null;
			}
		}
		return template.execute(operation.script, keys, args);
	}

	/**
	 * Sends an operation without waiting for its reply, where it then still takes effect
	 * before any operation sent after it (see {@link LettuceCalls#send}).
	 * @param template the connection's template
	 * @param operation the operation
	 * @param keys the budget's keys
	 * @param args the arguments
	 * @return the reply to come, or {@code null} when the operation must be {@link #run}
	 */
	CompletableFuture<List<Object>> send(StringRedisTemplate template, Operation operation, List<String> keys,
			Object[] args) {
		LettuceCalls calls = this.functions;
		if (calls == null) {
			return null;
		}
		return template.execute((RedisCallback<CompletableFuture<List<Object>>>) (connection) -> calls
			.send(connection, operation.function, keys, args), true);
	}

	/**
	 * Whether operations may be {@link #send sent} without waiting for their reply.
	 * @return whether they may
	 */
	boolean canSend() {
		LettuceCalls calls = this.functions;
		return calls != null && calls.canSend();
	}

	/**
	 * Waits for the reply of an operation {@link #send sent}; when Redis did not know the
	 * function library (the call then did nothing), {@link #run runs} it instead.
	 * @param reply the reply to come
	 * @param template the connection's template
	 * @param operation the operation
	 * @param keys the budget's keys
	 * @param args the arguments it was sent with
	 * @return the reply
	 */
	List<Object> await(CompletableFuture<List<Object>> reply, StringRedisTemplate template, Operation operation,
			List<String> keys, Object[] args) {
		try {
			return this.replies.await(reply);
		}
		catch (DataAccessException ex) {
			if (!LettuceCalls.isMissingLibrary(ex)) {
				throw ex;
			}
			return run(template, operation, keys, args);
		}
	}

	/**
	 * How the operations run: {@code "functions"} (Redis 7 FCALL) once a call ran as one,
	 * otherwise {@code "scripts"} (EVALSHA).
	 * @return the path
	 */
	String path() {
		LettuceCalls calls = this.functions;
		return (calls != null && calls.used()) ? "functions" : "scripts";
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Operation operation(String shared, String library, String name, StringBuilder libraryText) {
		String body = read(name + ".lua");
		String function = library + "_" + name;
		libraryText.append("\nredis.register_function('")
			.append(function)
			.append("', function(keys, argv)\nbegin(keys, argv)\n")
			.append(body)
			.append("\nend)\n");
		String text = "local EVAL_KEYS, EVAL_ARGV = KEYS, ARGV\n" + shared + "\nbegin(EVAL_KEYS, EVAL_ARGV)\n" + body;
		return new Operation(function, (RedisScript) new DefaultRedisScript<>(text, REPLY));
	}

	private static String operationsText() {
		StringBuilder text = new StringBuilder();
		for (String name : List.of("acquire", "poll", "cancel", "settle", "observe", "state", "touch", "charge", "sent")) {
			text.append(read(name + ".lua"));
		}
		return text.toString();
	}

	private static String digest(String text) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 10);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The Lua table of the meters ({@code METERS}, their {@code WINDOWS}, {@code CONCURRENCY},
	 * {@code OUTPUT}: the one meter of output tokens)
	 * and the budget hash's fields every script reads ({@code HASH_FIELDS}: one per meter,
	 * named after it, then {@code cooldown-until} and {@code epoch}).
	 */
	private static String meterTable() {
		StringJoiner names = new StringJoiner(", ", "local METERS = { ", " }\n");
		StringJoiner windows = new StringJoiner(", ", "local WINDOWS = { ", " }\n");
		StringJoiner fields = new StringJoiner(", ", "local HASH_FIELDS = { ", " }\n");
		for (Meter meter : Meter.values()) {
			names.add("'" + meter.propertyName() + "'");
			windows.add(Long.toString(meter.window().map((window) -> window.toNanos() / 1000).orElse(0L)));
			fields.add("'" + meter.propertyName() + "'");
		}
		fields.add("'cooldown-until'").add("'epoch'");
		return names + windows.toString() + fields + "local CONCURRENCY = " + (Meter.CONCURRENT_REQUESTS.ordinal() + 1)
				+ "\nlocal OUTPUT = " + (Meter.OUTPUT_TOKENS_PER_MINUTE.ordinal() + 1) + "\n";
	}

	private static String read(String name) {
		try (InputStream in = BudgetScripts.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing budget script " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One operation: the name of its function in the library, and its script.
	 *
	 * @param function the function's name
	 * @param script the script sent with EVALSHA
	 */
	record Operation(String function, RedisScript<List<Object>> script) {
	}

}
