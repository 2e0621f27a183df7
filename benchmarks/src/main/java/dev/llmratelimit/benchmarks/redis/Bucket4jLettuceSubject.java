package dev.llmratelimit.benchmarks.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Bucket4j's Lettuce backend (compare-and-swap proxy manager) as a fair peer: one
 * {@code tryConsume(1)} to admit a request and one {@code addTokens(1)} to give budget
 * back when it settles, on one bucket that never runs out.
 */
final class Bucket4jLettuceSubject implements RoundTripSubject {

	private static final long HUGE_LIMIT = 1_000_000_000L;

	private final RedisClient client;

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private final BucketProxy bucket;

	Bucket4jLettuceSubject(int port) {
		this.client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(HUGE_LIMIT).refillGreedy(HUGE_LIMIT, Duration.ofMinutes(1)))
			.build();
		byte[] key = ("bench-bucket4j-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
		this.bucket = Bucket4jLettuce.casBasedBuilder(this.connection)
			.build()
			.builder()
			.build(key, () -> configuration);
	}

	@Override
	public String name() {
		return "Bucket4j Lettuce: tryConsume + addTokens";
	}

	@Override
	public void admitAndSettle() {
		if (!this.bucket.tryConsume(1)) {
			throw new IllegalStateException("Bucket4j refused a request on a bucket that never runs out");
		}
		this.bucket.addTokens(1);
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
