package dev.llmratelimit.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

import dev.llmratelimit.Meter;

import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of a Redis budget, one per operation. Each is the shared library
 * ({@code common.lua}, preceded by the meter table generated from {@link Meter}), a call
 * to its {@code begin} with the script's keys and arguments, then the operation itself, so
 * that every operation is one atomic round trip.
 */
final class BudgetScripts {

	@SuppressWarnings("rawtypes")
	private static final Class<List> REPLY = List.class;

	final RedisScript<List<Object>> acquire;

	final RedisScript<List<Object>> poll;

	final RedisScript<List<Object>> cancel;

	final RedisScript<List<Object>> settle;

	final RedisScript<List<Object>> observe;

	final RedisScript<List<Object>> state;

	final RedisScript<List<Object>> touch;

	final RedisScript<List<Object>> charge;

	BudgetScripts() {
		String library = meterTable() + read("common.lua");
		this.acquire = script(library, "acquire.lua");
		this.poll = script(library, "poll.lua");
		this.cancel = script(library, "cancel.lua");
		this.settle = script(library, "settle.lua");
		this.observe = script(library, "observe.lua");
		this.state = script(library, "state.lua");
		this.touch = script(library, "touch.lua");
		this.charge = script(library, "charge.lua");
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RedisScript<List<Object>> script(String library, String name) {
		String text = "local EVAL_KEYS, EVAL_ARGV = KEYS, ARGV\n" + library + "\nbegin(EVAL_KEYS, EVAL_ARGV)\n"
				+ read(name);
		return (RedisScript) new DefaultRedisScript<>(text, REPLY);
	}

	/**
	 * The Lua table of the meters ({@code METERS}, their {@code WINDOWS}, {@code CONCURRENCY})
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
				+ "\n";
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

}
