package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Drives the listener container from one thread. Topics whose listeners changed are
 * queued here; each pass turns all queued changes into at most one removal and one
 * addition per chunk of channels, so concurrent adds become one {@code SUBSCRIBE} and an
 * add and remove that meet in the queue become nothing. An anchor channel stays
 * subscribed for the target's whole life, so the container never reaches zero channels
 * and keeps its connection. Failed subscriptions are retried until they succeed.
 * <p>
 * {@link #request(String)} is thread-safe and never blocks; {@link #start()} and
 * {@link #stop(Duration)} are called once each.
 */
final class SubscriptionCoordinator {

	private static final Log logger = LogFactory.getLog(SubscriptionCoordinator.class);

	private static final int CHUNK_SIZE = 4096;

	private static final String WAKE_UP = "";

	private static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final RedisMessageListenerContainer container;

	private final MessageListener router;

	private final Map<String, TopicState> topics;

	private final String prefix;

	private final ChannelTopic anchor;

	private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

	private final Set<String> subscribedTopics = new HashSet<>();

	private final Set<String> retrying = new LinkedHashSet<>();

	private final Thread thread;

	private volatile boolean running = true;

	private boolean anchored;

	private boolean failing;

	private long retryAt;

	SubscriptionCoordinator(RedisMessageListenerContainer container, MessageListener router,
			Map<String, TopicState> topics, String prefix, String anchorChannel) {
		this.container = container;
		this.router = router;
		this.topics = topics;
		this.prefix = prefix;
		this.anchor = ChannelTopic.of(anchorChannel);
		this.retryAt = System.nanoTime();
		this.thread = new Thread(this::run, "redis-event-target-subscriptions");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	void request(String topic) {
		this.requests.add(topic);
	}

	/**
	 * Stop the coordinator: unsubscribe every channel of the target and wait, at most the
	 * given time, for that to finish.
	 * @param timeout the longest time to wait
	 * @return whether the coordinator finished within the timeout
	 */
	boolean stop(Duration timeout) {
		this.running = false;
		this.requests.add(WAKE_UP);
		try {
			this.thread.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.thread.isAlive()) {
			this.thread.interrupt();
			return false;
		}
		return true;
	}

	private void run() {
		try {
			startContainer();
			while (this.running) {
				Set<String> batch = nextBatch();
				if (this.running) {
					apply(batch);
				}
			}
		}
		catch (InterruptedException ex) {
			logger.debug("Subscription coordinator interrupted");
		}
		Thread.interrupted();
		unsubscribeAll();
	}

	private void startContainer() {
		if (!this.container.isRunning()) {
			try {
				this.container.start();
			}
			catch (RuntimeException ex) {
				logger.debug("Listener container did not start yet", ex);
			}
		}
	}

	private Set<String> nextBatch() throws InterruptedException {
		Set<String> batch = new LinkedHashSet<>();
		boolean waitingToRetry = !this.retrying.isEmpty() || !this.anchored;
		long waitNanos = waitingToRetry ? this.retryAt - System.nanoTime() : TimeUnit.SECONDS.toNanos(60);
		String first = (waitNanos > 0) ? this.requests.poll(waitNanos, TimeUnit.NANOSECONDS) : this.requests.poll();
		if (first != null) {
			batch.add(first);
			this.requests.drainTo(batch);
		}
		if (waitingToRetry && System.nanoTime() - this.retryAt >= 0) {
			batch.addAll(this.retrying);
			this.retrying.clear();
		}
		return batch;
	}

	private void apply(Set<String> batch) {
		List<String> toUnsubscribe = new ArrayList<>();
		List<String> toSubscribe = new ArrayList<>();
		for (String topic : batch) {
			TopicState state = this.topics.computeIfPresent(topic,
					(name, current) -> current.hasNoListeners() ? null : current);
			if (state == null) {
				if (this.subscribedTopics.remove(topic)) {
					toUnsubscribe.add(topic);
				}
			}
			else if (!state.isSubscribed()) {
				toSubscribe.add(topic);
			}
		}
		unsubscribe(toUnsubscribe);
		subscribe(toSubscribe);
	}

	private void unsubscribe(List<String> topics) {
		for (int from = 0; from < topics.size(); from += CHUNK_SIZE) {
			List<String> chunk = topics.subList(from, Math.min(topics.size(), from + CHUNK_SIZE));
			try {
				this.container.removeMessageListener(this.router, channels(chunk));
				logger.trace("Unsubscribed '%d' channels".formatted(chunk.size()));
			}
			catch (RuntimeException ex) {
				logger.warn("Unsubscribing '%d' channels failed".formatted(chunk.size()), ex);
			}
		}
	}

	private void subscribe(List<String> topics) {
		if (!this.anchored) {
			this.anchored = add(List.of(this.anchor));
		}
		for (int from = 0; from < topics.size(); from += CHUNK_SIZE) {
			List<String> chunk = topics.subList(from, Math.min(topics.size(), from + CHUNK_SIZE));
			this.subscribedTopics.addAll(chunk);
			if (this.anchored && add(channels(chunk))) {
				chunk.forEach(this::markSubscribed);
			}
			else {
				this.retrying.addAll(chunk);
			}
		}
	}

	private boolean add(List<ChannelTopic> channels) {
		try {
			if (!this.container.isRunning()) {
				throw new IllegalStateException("Listener container is not running");
			}
			this.container.addMessageListener(this.router, channels);
			if (this.failing) {
				logger.info("Subscribing channels works again");
				this.failing = false;
			}
			return true;
		}
		catch (RuntimeException ex) {
			this.retryAt = System.nanoTime() + RETRY_INTERVAL_NANOS;
			if (!this.failing) {
				logger.warn("Subscribing '%d' channels failed; retrying until it succeeds".formatted(channels.size()),
						ex);
				this.failing = true;
			}
			return false;
		}
	}

	private void markSubscribed(String topic) {
		TopicState state = this.topics.get(topic);
		if (state != null) {
			state.markSubscribed();
		}
	}

	private void unsubscribeAll() {
		try {
			this.container.removeMessageListener(this.router);
			logger.debug("Unsubscribed all channels of the event target");
		}
		catch (RuntimeException ex) {
			logger.warn("Unsubscribing all channels failed", ex);
		}
	}

	private List<ChannelTopic> channels(List<String> topics) {
		List<ChannelTopic> channels = new ArrayList<>(topics.size());
		for (String topic : topics) {
			channels.add(ChannelTopic.of(this.prefix + topic));
		}
		return channels;
	}

}
