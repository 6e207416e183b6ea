package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Drives the listener container from one thread. Topics whose listeners changed are
 * queued here; each pass turns all queued changes into one subscription per chunk of
 * channels, so concurrent adds become one {@code SUBSCRIBE}. Topics that lost their last
 * listener linger briefly before they are unsubscribed in one {@code UNSUBSCRIBE}, after
 * pending subscriptions: a topic that gets a listener again meanwhile stays subscribed,
 * and an add and remove that meet in the queue become nothing. An anchor channel stays
 * subscribed for the target's whole life, so the container never reaches zero channels
 * and keeps its connection. Failed subscriptions are retried until they succeed.
 * <p>
 * {@link #request(String)} is thread-safe and never blocks; {@link #start()} and
 * {@link #stop(Duration)} are called once each. Readiness futures of topics are completed
 * on the coordinator thread.
 */
final class SubscriptionCoordinator {

	private static final Log logger = LogFactory.getLog(SubscriptionCoordinator.class);

	private static final int CHUNK_SIZE = 1024;

	private static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final String WAKE_UP = "";

	private final RedisMessageListenerContainer container;

	private final ChannelRouter router;

	private final Map<String, TopicState> topics;

	private final String prefix;

	private final ChannelTopic anchor;

	private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

	private final Map<String, ChannelGroup> subscribedTopics = new HashMap<>();

	private final Set<String> retrying = new LinkedHashSet<>();

	private final Set<String> lingering = new LinkedHashSet<>();

	private final Set<String> unsubscribeFailed = new LinkedHashSet<>();

	private final Thread thread;

	private volatile boolean running = true;

	private @Nullable ChannelGroup anchorGroup;

	private boolean failing;

	private long retryAt;

	private long unsubscribeAt;

	private volatile int waiting;

	SubscriptionCoordinator(RedisMessageListenerContainer container, ChannelRouter router,
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

	int pendingChanges() {
		return this.requests.size() + this.waiting;
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
					this.waiting = this.retrying.size() + this.unsubscribeFailed.size() + this.lingering.size();
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
		long now = System.nanoTime();
		long waitNanos = Math.min(retryWait(now), lingerWait(now));
		String first = (waitNanos > 0) ? this.requests.poll(waitNanos, TimeUnit.NANOSECONDS) : this.requests.poll();
		if (first != null) {
			batch.add(first);
			this.requests.drainTo(batch);
		}
		if (retryWait(System.nanoTime()) <= 0) {
			batch.addAll(this.retrying);
			this.retrying.clear();
			retryUnsubscribes();
		}
		return batch;
	}

	private long retryWait(long now) {
		boolean idle = this.retrying.isEmpty() && this.unsubscribeFailed.isEmpty() && this.anchorGroup != null;
		return idle ? IDLE_NANOS : this.retryAt - now;
	}

	private long lingerWait(long now) {
		return this.lingering.isEmpty() ? IDLE_NANOS : this.unsubscribeAt - now;
	}

	private void apply(Set<String> batch) {
		List<String> toSubscribe = new ArrayList<>();
		for (String topic : batch) {
			TopicState state = this.topics.get(topic);
			if (state == null || state.hasNoListeners()) {
				linger(topic);
			}
			else if (!state.isSubscribed()) {
				toSubscribe.add(topic);
			}
		}
		subscribe(toSubscribe);
		if (!this.lingering.isEmpty() && (toSubscribe.isEmpty() || this.lingering.size() >= CHUNK_SIZE)
				&& System.nanoTime() - this.unsubscribeAt >= 0) {
			unsubscribe();
		}
	}

	private void linger(String topic) {
		if (this.lingering.isEmpty()) {
			this.unsubscribeAt = System.nanoTime() + LINGER_NANOS;
		}
		this.lingering.add(topic);
	}

	private void unsubscribe() {
		Map<ChannelGroup, List<String>> byGroup = new LinkedHashMap<>();
		for (String topic : this.lingering) {
			TopicState state = this.topics.computeIfPresent(topic,
					(name, current) -> current.hasNoListeners() ? null : current);
			ChannelGroup group = (state == null) ? this.subscribedTopics.remove(topic) : null;
			if (group != null) {
				byGroup.computeIfAbsent(group, (key) -> new ArrayList<>()).add(topic);
			}
		}
		this.lingering.clear();
		byGroup.forEach((group, topics) -> {
			for (List<String> chunk : chunks(topics)) {
				if (!remove(group, channels(chunk))) {
					this.unsubscribeFailed.addAll(chunk);
				}
			}
		});
	}

	private boolean remove(ChannelGroup group, List<ChannelTopic> channels) {
		try {
			this.container.removeMessageListener(group, channels);
			logger.trace("Unsubscribed '%d' channels".formatted(channels.size()));
			return true;
		}
		catch (RuntimeException ex) {
			this.retryAt = System.nanoTime() + RETRY_INTERVAL_NANOS;
			logger.warn("Unsubscribing '%d' channels failed; retrying until it succeeds".formatted(channels.size()),
					ex);
			return false;
		}
	}

	/**
	 * Unsubscribe again the channels whose unsubscribe failed. The driver may still hold
	 * them and subscribe them again on reconnect, while the container has forgotten them,
	 * so they are added back for a moment to send the unsubscribe through the container.
	 */
	private void retryUnsubscribes() {
		List<String> stale = new ArrayList<>();
		for (String topic : this.unsubscribeFailed) {
			TopicState state = this.topics.get(topic);
			if (state == null || state.hasNoListeners()) {
				stale.add(topic);
			}
		}
		this.unsubscribeFailed.clear();
		for (List<String> chunk : chunks(stale)) {
			List<ChannelTopic> channels = channels(chunk);
			ChannelGroup group = new ChannelGroup(this.router);
			if (!add(group, channels) || !remove(group, channels)) {
				this.unsubscribeFailed.addAll(chunk);
			}
		}
	}

	private void subscribe(List<String> topics) {
		if (this.anchorGroup == null) {
			ChannelGroup group = new ChannelGroup(this.router);
			this.anchorGroup = add(group, List.of(this.anchor)) ? group : null;
		}
		for (List<String> chunk : chunks(topics)) {
			List<ChannelTopic> channels = channels(chunk);
			ChannelGroup group = new ChannelGroup(this.router);
			if (this.anchorGroup != null && add(group, channels)) {
				chunk.forEach((topic) -> this.subscribedTopics.put(topic, group));
				chunk.forEach(this::markSubscribed);
			}
			else {
				forget(group, channels);
				this.retrying.addAll(chunk);
			}
		}
	}

	private boolean add(ChannelGroup group, List<ChannelTopic> channels) {
		try {
			if (!this.container.isRunning()) {
				throw new IllegalStateException("Listener container is not running");
			}
			this.container.addMessageListener(group, channels);
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

	private void forget(ChannelGroup group, List<ChannelTopic> channels) {
		try {
			this.container.removeMessageListener(group, channels);
		}
		catch (RuntimeException ex) {
			logger.debug("Releasing channels of a failed subscription failed", ex);
		}
	}

	private void markSubscribed(String topic) {
		TopicState state = this.topics.get(topic);
		if (state != null) {
			state.markSubscribed();
		}
	}

	private void unsubscribeAll() {
		Map<ChannelGroup, List<String>> byGroup = new LinkedHashMap<>();
		this.subscribedTopics
			.forEach((topic, group) -> byGroup.computeIfAbsent(group, (key) -> new ArrayList<>()).add(topic));
		try {
			byGroup.forEach((group, topics) -> this.container.removeMessageListener(group, channels(topics)));
			if (this.anchorGroup != null) {
				this.container.removeMessageListener(this.anchorGroup, this.anchor);
			}
			logger.debug("Unsubscribed all channels of the event target");
		}
		catch (RuntimeException ex) {
			logger.warn("Unsubscribing all channels failed", ex);
		}
	}

	private List<ChannelTopic> channels(Collection<String> topics) {
		List<ChannelTopic> channels = new ArrayList<>(topics.size() + 1);
		for (String topic : topics) {
			channels.add(ChannelTopic.of(this.prefix + topic));
		}
		return channels;
	}

	private static List<List<String>> chunks(List<String> topics) {
		List<List<String>> chunks = new ArrayList<>();
		for (int from = 0; from < topics.size(); from += CHUNK_SIZE) {
			chunks.add(topics.subList(from, Math.min(topics.size(), from + CHUNK_SIZE)));
		}
		return chunks;
	}

}
