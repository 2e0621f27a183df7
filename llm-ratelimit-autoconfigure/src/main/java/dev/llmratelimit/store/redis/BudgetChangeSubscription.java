package dev.llmratelimit.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * This instance's subscription to the channel on which the scripts announce freed budget
 * ({@code <instance id> <model>}): other instances' announcements reach a callback with
 * the model, this instance's own are ignored.
 */
final class BudgetChangeSubscription implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BudgetChangeSubscription.class);

	private final String channel;

	private final String instanceId;

	private final Consumer<String> changed;

	private final ScheduledExecutorService scheduler;

	private final Duration retryInterval;

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	/**
	 * Subscribes, now or, while Redis cannot be reached, every retry interval until it can.
	 * @param connectionFactory the Redis connections
	 * @param channel the channel
	 * @param instanceId this instance's id in the messages
	 * @param changed told the model of each other instance's announcement
	 * @param scheduler runs the retries
	 * @param retryInterval time between retries
	 */
	BudgetChangeSubscription(RedisConnectionFactory connectionFactory, String channel, String instanceId,
			Consumer<String> changed, ScheduledExecutorService scheduler, Duration retryInterval) {
		this.channel = channel;
		this.instanceId = instanceId;
		this.changed = changed;
		this.scheduler = scheduler;
		this.retryInterval = retryInterval;
		this.container.setConnectionFactory(connectionFactory);
		this.container.setBeanName("llmRateLimitBudgetChanges");
		this.container.setRecoveryInterval(Math.max(100, retryInterval.toMillis()));
		this.container.addMessageListener(new Listener(), new ChannelTopic(channel));
		this.container.afterPropertiesSet();
		start();
	}

	@Override
	public void close() {
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Could not stop the budget-changed subscription", ex);
		}
	}

	/**
	 * Starts the subscription. A container that could not subscribe at start does not try
	 * again by itself (once subscribed, it recovers from lost connections on its own), so
	 * this tries again every retry interval.
	 */
	private void start() {
		try {
			this.container.start();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not subscribe to " + this.channel
					+ " yet; waiters of this instance rely on their estimates until it succeeds: " + ex.getMessage());
			this.container.stop();
			try {
				this.scheduler.schedule(this::start, this.retryInterval.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException closed) {
				logger.debug("Redis budget store is closed; no more subscription attempts", closed);
			}
		}
	}

	private final class Listener implements MessageListener {

		@Override
		public void onMessage(Message message, byte[] pattern) {
			String body = new String(message.getBody(), StandardCharsets.UTF_8);
			int space = body.indexOf(' ');
			if (space > 0 && !body.substring(0, space).equals(BudgetChangeSubscription.this.instanceId)) {
				BudgetChangeSubscription.this.changed.accept(body.substring(space + 1));
			}
		}

	}

}
