package dev.alk.pubsub.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import dev.alk.pubsub.EventEnvelope;
import dev.alk.pubsub.EventPublishException;
import dev.alk.pubsub.EventSerializer;
import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.ListenerErrorHandler;
import dev.alk.pubsub.SubscriptionException;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventListener;
import dev.alk.pubsub.TypedEventTarget;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * {@link TypedEventTarget} on Redis pub/sub: events are published to the channel prefix +
 * topic, and each topic with listeners is subscribed on a shared
 * {@link RedisMessageListenerContainer} while it has listeners. See
 * {@link ShardedRedisEventTarget} for sharded pub/sub on a Redis Cluster.
 * <p>
 * All methods are thread-safe. Listeners are called on a pool of delivery threads, one
 * event at a time per topic and in arrival order; a slow listener delays only its own
 * topic. The target subscribes once {@link #start() started} and, once {@link #stop()
 * stopped}, unsubscribes every channel, stops its threads within the shutdown timeout and
 * fails every later dispatch; it cannot be started again.
 *
 * @since 0.1.0
 */
public class RedisEventTarget implements TypedEventTarget, SmartLifecycle, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisEventTarget.class);

	private static final byte[] NO_DETAIL = new byte[0];

	private static final long SWEEP_MILLIS = 10;

	private final Map<String, TopicState> topics = new ConcurrentHashMap<>();

	private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);

	private final EventCounters counters = new EventCounters();

	private final RedisEventTargetSettings settings;

	private final EventSerializer serializer;

	private final ChannelPublisher publisher;

	private final ThreadPoolExecutor deliveryExecutor;

	private final ScheduledExecutorService timer;

	private final Deadlines readiness;

	private final EventDelivery delivery;

	private final ChannelRouter router;

	private final SubscriptionCoordinator coordinator;

	/**
	 * Create a new event target.
	 * @param container the listener container to subscribe on, initialized but not
	 * necessarily started
	 * @param template the template to publish with
	 * @param serializer the serializer of envelopes
	 * @param settings the settings
	 * @param errorHandler the handler of listener failures, or {@code null} to log them
	 */
	public RedisEventTarget(RedisMessageListenerContainer container, RedisTemplate<?, ?> template,
			EventSerializer serializer, RedisEventTargetSettings settings,
			@Nullable ListenerErrorHandler errorHandler) {
		this(template, false, serializer, settings, errorHandler,
				(router, maintainSoon) -> new ContainerSubscriptions(container, router));
	}

	RedisEventTarget(RedisTemplate<?, ?> template, boolean sharded, EventSerializer serializer,
			RedisEventTargetSettings settings, @Nullable ListenerErrorHandler errorHandler,
			BiFunction<ChannelRouter, Runnable, ChannelSubscriptions> subscriptions) {
		this.settings = settings;
		this.serializer = serializer;
		this.publisher = new ChannelPublisher(template, sharded, settings.publishTimeout(), this.counters);
		this.readiness = new Deadlines(settings.subscribeTimeout());
		this.deliveryExecutor = deliveryExecutor(settings.deliveryThreads());
		this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("redis-event-target-timer-"));
		this.timer.scheduleWithFixedDelay(this::expireDeadlines, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
		this.delivery = new EventDelivery(serializer, this.deliveryExecutor, this.counters, errorHandler,
				settings.maxQueuedEvents());
		String anchor = settings.prefix() + "redis-event-target:anchor:" + UUID.randomUUID();
		this.router = new ChannelRouter(settings, anchor, this.topics, this.delivery, this.counters);
		this.coordinator = new SubscriptionCoordinator(
				subscriptions.apply(this.router, this::maintainSubscriptionsSoon), this.topics, settings.prefix(),
				anchor);
	}

	@Override
	public CompletableFuture<Long> dispatchEvent(TypedEvent event) {
		Assert.notNull(event, "Event must not be null");
		String channel = channel(event.type());
		if (this.lifecycle.get() == Lifecycle.STOPPED) {
			return CompletableFuture.failedFuture(new EventPublishException(
					"Event target is closed; nothing is published to channel '%s'".formatted(channel)));
		}
		byte[] message;
		try {
			message = encode(event.detail());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(new EventPublishException(
					"Event for channel '%s' could not be serialized: %s".formatted(channel, ex.getMessage()), ex));
		}
		return this.publisher.publish(channel, channel.getBytes(StandardCharsets.UTF_8), message);
	}

	@Override
	public EventSubscription addEventListener(String type, TypedEventListener listener) {
		checkTopic(type);
		Assert.notNull(listener, "Listener must not be null");
		Assert.state(this.lifecycle.get() != Lifecycle.STOPPED, "Event target is closed");
		TopicState topic = this.topics.compute(type, (name, current) -> {
			TopicState state = (current != null) ? current : new TopicState(name, channel(name), this.delivery);
			if (state.addListener(listener)) {
				this.counters.listeners.incrementAndGet();
				if (state.listeners().size() == 1) {
					this.counters.liveTopics.incrementAndGet();
				}
			}
			return state;
		});
		if (!topic.isSubscribed()) {
			this.coordinator.request(type);
		}
		logger.trace("Added listener on topic '%s'".formatted(type));
		return new ListenerSubscription(type, listener, topic);
	}

	@Override
	public <T> EventSubscription addEventListener(String type, Class<T> payloadType, Consumer<@Nullable T> listener) {
		Assert.notNull(payloadType, "Payload type must not be null");
		Assert.notNull(listener, "Listener must not be null");
		return addEventListener(type, new PayloadListener<>(this.serializer, payloadType, listener));
	}

	@Override
	public void removeEventListener(String type, TypedEventListener listener) {
		checkTopic(type);
		Assert.notNull(listener, "Listener must not be null");
		boolean[] lastListener = new boolean[1];
		this.topics.computeIfPresent(type, (name, state) -> {
			if (state.removeListener(listener)) {
				this.counters.listeners.decrementAndGet();
				lastListener[0] = state.hasNoListeners();
				if (lastListener[0]) {
					this.counters.liveTopics.decrementAndGet();
				}
			}
			return state;
		});
		if (lastListener[0]) {
			logger.trace("Removed the last listener from topic '%s'".formatted(type));
			this.coordinator.request(type);
		}
	}

	/**
	 * Return the settings of this target.
	 * @return the settings
	 */
	public RedisEventTargetSettings settings() {
		return this.settings;
	}

	/**
	 * Return what this target has done so far.
	 * @return a snapshot of the counters
	 */
	public EventTargetStatistics statistics() {
		return this.counters.snapshot();
	}

	/**
	 * Check that events reach this target: publish a probe on its own anchor channel and
	 * wait, at most the given time, for it to come back through the subscription; and
	 * count the topics and changes that still wait for Redis. The probe counts as a
	 * publish in the {@link #statistics() statistics}.
	 * @param timeout the longest time to wait for the probe
	 * @return the health
	 */
	public EventTargetHealth health(Duration timeout) {
		int unsubscribed = 0;
		for (TopicState topic : this.topics.values()) {
			if (!topic.hasNoListeners() && !topic.isSubscribed()) {
				unsubscribed++;
			}
		}
		unsubscribed += this.coordinator.droppedSubscriptions();
		return new EventTargetHealth(probe(timeout), this.counters.liveTopics.get(), unsubscribed,
				this.coordinator.pendingChanges());
	}

	private boolean probe(Duration timeout) {
		if (!isRunning()) {
			return false;
		}
		String probe = UUID.randomUUID().toString();
		CompletableFuture<Void> arrival = this.router.expectProbe(probe);
		String channel = this.router.anchorChannel();
		try {
			this.publisher.publish(channel, channel.getBytes(StandardCharsets.UTF_8),
					probe.getBytes(StandardCharsets.UTF_8));
			arrival.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
		finally {
			arrival.cancel(false);
		}
	}

	/**
	 * Observe how long topics take to become ready: called once per subscribed topic with
	 * the nanoseconds from its first listener to Redis's confirmation.
	 * @param observer the observer, called on the thread that drives subscriptions
	 */
	public void setReadinessObserver(LongConsumer observer) {
		Assert.notNull(observer, "Observer must not be null");
		this.counters.readinessObserver = observer;
	}

	@Override
	public void start() {
		if (this.lifecycle.compareAndSet(Lifecycle.NEW, Lifecycle.RUNNING)) {
			this.coordinator.start();
			logger.debug("Started Redis event target with channel prefix '%s'".formatted(this.settings.prefix()));
		}
	}

	@Override
	public void stop() {
		if (this.lifecycle.getAndSet(Lifecycle.STOPPED) != Lifecycle.RUNNING) {
			return;
		}
		if (!this.coordinator.stop(this.settings.shutdownTimeout())) {
			logger.warn("Unsubscribing did not finish within '%s'".formatted(this.settings.shutdownTimeout()));
		}
		this.deliveryExecutor.shutdown();
		awaitDeliveries();
		this.timer.shutdownNow();
		SubscriptionException closed = new SubscriptionException("Event target is closed");
		this.topics.values().forEach((topic) -> topic.subscribed().completeExceptionally(closed));
		this.readiness.expireAll();
		this.publisher.deadlines().expireAll();
		this.topics.clear();
		this.counters.liveTopics.set(0);
		this.counters.listeners.set(0);
		logger.debug("Stopped Redis event target");
	}

	@Override
	public boolean isRunning() {
		return this.lifecycle.get() == Lifecycle.RUNNING;
	}

	@Override
	public void close() {
		this.lifecycle.compareAndSet(Lifecycle.NEW, Lifecycle.RUNNING);
		stop();
	}

	private void awaitDeliveries() {
		try {
			if (!this.deliveryExecutor.awaitTermination(this.settings.shutdownTimeout().toMillis(),
					TimeUnit.MILLISECONDS)) {
				logger.warn("Listeners still running after '%s'; interrupting them"
					.formatted(this.settings.shutdownTimeout()));
				this.deliveryExecutor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.deliveryExecutor.shutdownNow();
		}
	}

	private void checkTopic(String type) {
		Assert.hasLength(type, "Topic must not be empty");
		String prefix = this.settings.prefix();
		Assert.isTrue(prefix.isEmpty() || !type.startsWith(prefix),
				() -> "Topic '%s' already starts with the channel prefix '%s'; pass the topic without it"
					.formatted(type, prefix));
	}

	private String channel(String topic) {
		return this.settings.prefix() + topic;
	}

	private byte[] encode(@Nullable EventEnvelope detail) {
		return (detail != null) ? this.serializer.stringify(detail).getBytes(StandardCharsets.UTF_8) : NO_DETAIL;
	}

	private CompletableFuture<Void> ready(TopicState topic) {
		if (topic.isSubscribed()) {
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> ready = topic.subscribed().copy();
		this.readiness.watch(ready, () -> ready.completeExceptionally(notReady(topic)));
		return ready;
	}

	private void maintainSubscriptionsSoon() {
		this.coordinator.maintainSoon();
	}

	private void expireDeadlines() {
		long now = System.nanoTime();
		this.readiness.sweep(now);
		this.publisher.deadlines().sweep(now);
	}

	private SubscriptionException notReady(TopicState topic) {
		return new SubscriptionException(("Channel '%s' was not subscribed within %s; the listener stays registered "
				+ "and receives events once Redis confirms the subscription")
			.formatted(topic.channel(), this.settings.subscribeTimeout()));
	}

	private static ThreadPoolExecutor deliveryExecutor(int threads) {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemonThreads("redis-event-target-delivery-"));
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

	private enum Lifecycle {

		NEW, RUNNING, STOPPED

	}

	private final class ListenerSubscription implements EventSubscription {

		private final String topic;

		private final TypedEventListener listener;

		private final TopicState state;

		private @Nullable CompletableFuture<Void> ready;

		ListenerSubscription(String topic, TypedEventListener listener, TopicState state) {
			this.topic = topic;
			this.listener = listener;
			this.state = state;
		}

		@Override
		public String topic() {
			return this.topic;
		}

		@Override
		public synchronized CompletableFuture<Void> ready() {
			if (this.ready == null) {
				this.ready = RedisEventTarget.this.ready(this.state);
			}
			return this.ready;
		}

		@Override
		public void close() {
			removeEventListener(this.topic, this.listener);
		}

	}

	private record PayloadListener<T>(EventSerializer serializer, Class<T> payloadType,
			Consumer<@Nullable T> listener) implements TypedEventListener {

		@Override
		public void handleEvent(TypedEvent event) {
			EventEnvelope detail = event.detail();
			this.listener
				.accept((detail != null) ? this.serializer.convertPayload(detail.payload(), this.payloadType) : null);
		}

	}

}
