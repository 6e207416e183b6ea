package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Drives subscriptions from one thread. Topics whose listeners changed are queued here;
 * each pass turns all queued changes into one subscription per chunk of channels, so
 * concurrent adds become one {@code SUBSCRIBE}. Topics that lost their last listener
 * linger briefly before they are unsubscribed together, after pending subscriptions: a
 * topic that gets a listener again meanwhile stays subscribed, and an add and remove that
 * meet in the queue become nothing. An anchor channel stays subscribed for the target's
 * whole life, so a connection is always kept. Failed subscriptions and unsubscriptions
 * are retried until they succeed, and the {@link ChannelSubscriptions} are given time to
 * repair what Redis dropped on its own.
 * <p>
 * {@link #request(String)} and {@link #maintainSoon()} are thread-safe and never block;
 * {@link #start()} and {@link #stop(Duration)} are called once each. Readiness futures of
 * topics are completed on the coordinator thread.
 */
final class SubscriptionCoordinator {

	private static final Log logger = LogFactory.getLog(SubscriptionCoordinator.class);

	private static final int CHUNK_SIZE = 1024;

	private static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final String WAKE_UP = "";

	private final ChannelSubscriptions subscriptions;

	private final Map<String, TopicState> topics;

	private final String prefix;

	private final String anchor;

	private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

	private final Set<String> retrying = new LinkedHashSet<>();

	private final Set<String> lingering = new LinkedHashSet<>();

	private final Set<String> unsubscribeFailed = new LinkedHashSet<>();

	private final Thread thread;

	private volatile boolean running = true;

	private volatile boolean maintenanceDue;

	private boolean anchorSubscribed;

	private boolean failing;

	private long retryAt;

	private long unsubscribeAt;

	private long maintainAt;

	private volatile int waiting;

	SubscriptionCoordinator(ChannelSubscriptions subscriptions, Map<String, TopicState> topics, String prefix,
			String anchorChannel) {
		this.subscriptions = subscriptions;
		this.topics = topics;
		this.prefix = prefix;
		this.anchor = anchorChannel;
		this.retryAt = System.nanoTime();
		this.maintainAt = this.retryAt + RETRY_INTERVAL_NANOS;
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
	 * Have the {@link ChannelSubscriptions} maintained on the next pass.
	 */
	void maintainSoon() {
		this.maintenanceDue = true;
		this.requests.add(WAKE_UP);
	}

	int droppedSubscriptions() {
		return this.subscriptions.dropped();
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
			while (this.running) {
				Set<String> batch = nextBatch();
				if (this.running) {
					apply(batch);
					maintain();
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

	private Set<String> nextBatch() throws InterruptedException {
		Set<String> batch = new LinkedHashSet<>();
		long now = System.nanoTime();
		long waitNanos = Math.min(Math.min(retryWait(now), lingerWait(now)), this.maintainAt - now);
		String first = (waitNanos > 0) ? this.requests.poll(waitNanos, TimeUnit.NANOSECONDS) : this.requests.poll();
		if (first != null) {
			batch.add(first);
			this.requests.drainTo(batch);
		}
		batch.remove(WAKE_UP);
		if (retryWait(System.nanoTime()) <= 0) {
			batch.addAll(this.retrying);
			this.retrying.clear();
			retryUnsubscribes();
		}
		return batch;
	}

	private long retryWait(long now) {
		boolean idle = this.retrying.isEmpty() && this.unsubscribeFailed.isEmpty() && this.anchorSubscribed;
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

	private void maintain() {
		long now = System.nanoTime();
		if (!this.maintenanceDue && now - this.maintainAt < 0) {
			return;
		}
		this.maintenanceDue = false;
		try {
			this.maintainAt = now + this.subscriptions.maintain();
		}
		catch (RuntimeException ex) {
			this.maintainAt = now + RETRY_INTERVAL_NANOS;
			logger.warn("Repairing subscriptions failed; trying again", ex);
		}
	}

	private void linger(String topic) {
		if (this.lingering.isEmpty()) {
			this.unsubscribeAt = System.nanoTime() + LINGER_NANOS;
		}
		this.lingering.add(topic);
	}

	private void unsubscribe() {
		List<String> gone = new ArrayList<>();
		for (String topic : this.lingering) {
			TopicState state = this.topics.computeIfPresent(topic,
					(name, current) -> current.hasNoListeners() ? null : current);
			if (state == null) {
				gone.add(topic);
			}
		}
		this.lingering.clear();
		removeAll(gone);
	}

	/**
	 * Unsubscribe again the topics whose unsubscribe failed, unless they have listeners
	 * again.
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
		removeAll(stale);
	}

	private void removeAll(List<String> topics) {
		for (List<String> chunk : chunks(topics)) {
			try {
				this.subscriptions.unsubscribe(channels(chunk));
			}
			catch (RuntimeException ex) {
				this.retryAt = System.nanoTime() + RETRY_INTERVAL_NANOS;
				this.unsubscribeFailed.addAll(chunk);
				logger.warn("Unsubscribing '%d' channels failed; retrying until it succeeds".formatted(chunk.size()),
						ex);
			}
		}
	}

	private void subscribe(List<String> topics) {
		if (!this.anchorSubscribed) {
			this.anchorSubscribed = add(List.of(this.anchor));
		}
		for (List<String> chunk : chunks(topics)) {
			if (this.anchorSubscribed && add(channels(chunk))) {
				chunk.forEach(this::markSubscribed);
			}
			else {
				this.retrying.addAll(chunk);
			}
		}
	}

	private boolean add(List<String> channels) {
		try {
			this.subscriptions.subscribe(channels);
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
			this.subscriptions.close();
			logger.debug("Unsubscribed all channels of the event target");
		}
		catch (RuntimeException ex) {
			logger.warn("Unsubscribing all channels failed", ex);
		}
	}

	private List<String> channels(List<String> topics) {
		List<String> channels = new ArrayList<>(topics.size());
		for (String topic : topics) {
			channels.add(this.prefix + topic);
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
