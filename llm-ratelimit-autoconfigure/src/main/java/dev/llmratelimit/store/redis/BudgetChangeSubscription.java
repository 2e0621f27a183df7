package dev.llmratelimit.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * This instance's subscription to the channel on which the scripts announce freed budget
 * ({@code <instance id> <model>}, then one line per queued ticket the script served): every
 * announcement reaches a callback with the model, whether another instance made it, and
 * the served tickets.
 */
final class BudgetChangeSubscription implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BudgetChangeSubscription.class);

	private final String channel;

	private final String instanceId;

	private final Announcements changed;

	private final ScheduledExecutorService scheduler;

	private final Duration retryInterval;

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	/**
	 * Subscribes, now or, while Redis cannot be reached, every retry interval until it can.
	 * @param connectionFactory the Redis connections
	 * @param channel the channel
	 * @param instanceId this instance's id in the messages
	 * @param changed told of each announcement
	 * @param scheduler runs the retries
	 * @param retryInterval time between retries
	 */
	BudgetChangeSubscription(RedisConnectionFactory connectionFactory, String channel, String instanceId,
			Announcements changed, ScheduledExecutorService scheduler, Duration retryInterval) {
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
			List<String> lines = List.of(new String(message.getBody(), StandardCharsets.UTF_8).split("\n"));
			String first = lines.get(0);
			int space = first.indexOf(' ');
			if (space > 0) {
				boolean byPeer = !first.substring(0, space).equals(BudgetChangeSubscription.this.instanceId);
				BudgetChangeSubscription.this.changed.announced(first.substring(space + 1), byPeer,
						lines.subList(1, lines.size()));
			}
		}

	}

	/**
	 * Told of each announcement on the channel.
	 */
	@FunctionalInterface
	interface Announcements {

		/**
		 * A script changed a model's budget.
		 * @param model the model
		 * @param byPeer whether another instance ran the script (this instance's own
		 * listeners heard of the change already)
		 * @param servedTickets the queued tickets the script served, of any instance
		 */
		void announced(String model, boolean byPeer, List<String> servedTickets);

	}

}
