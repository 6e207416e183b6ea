package dev.alk.pubsub.redis;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.alk.pubsub.TypedEventListener;

/**
 * Listeners, subscription state and pending messages of one topic. Messages are delivered
 * by one task at a time, so the listeners of a topic see them in arrival order.
 * Thread-safe.
 */
final class TopicState {

	private static final int DRAIN_BATCH = 64;

	private static final AtomicIntegerFieldUpdater<TopicState> QUEUED = AtomicIntegerFieldUpdater
		.newUpdater(TopicState.class, "queued");

	private static final AtomicIntegerFieldUpdater<TopicState> DRAINING = AtomicIntegerFieldUpdater
		.newUpdater(TopicState.class, "draining");

	private final String topic;

	private final String channel;

	private final EventDelivery delivery;

	private final Set<TypedEventListener> listeners = new CopyOnWriteArraySet<>();

	private final CompletableFuture<Void> subscribed = new CompletableFuture<>();

	private final long createdAt = System.nanoTime();

	private final Queue<byte[]> messages = new ConcurrentLinkedQueue<>();

	private volatile int queued;

	private volatile int draining;

	TopicState(String topic, String channel, EventDelivery delivery) {
		this.topic = topic;
		this.channel = channel;
		this.delivery = delivery;
	}

	String topic() {
		return this.topic;
	}

	String channel() {
		return this.channel;
	}

	Set<TypedEventListener> listeners() {
		return this.listeners;
	}

	boolean addListener(TypedEventListener listener) {
		return this.listeners.add(listener);
	}

	boolean removeListener(TypedEventListener listener) {
		return this.listeners.remove(listener);
	}

	boolean hasListener(TypedEventListener listener) {
		return this.listeners.contains(listener);
	}

	boolean hasNoListeners() {
		return this.listeners.isEmpty();
	}

	CompletableFuture<Void> subscribed() {
		return this.subscribed;
	}

	boolean isSubscribed() {
		return this.subscribed.isDone() && !this.subscribed.isCompletedExceptionally();
	}

	void markSubscribed() {
		if (this.subscribed.complete(null)) {
			this.delivery.subscribed(System.nanoTime() - this.createdAt);
		}
	}

	/**
	 * Queue a message for delivery.
	 * @param body the message body
	 * @return {@code false} if the topic's queue is full and the message was dropped
	 */
	boolean enqueue(byte[] body) {
		if (QUEUED.incrementAndGet(this) > this.delivery.maxQueuedEvents()) {
			QUEUED.decrementAndGet(this);
			return false;
		}
		this.messages.add(body);
		scheduleDrain();
		return true;
	}

	private void scheduleDrain() {
		if (DRAINING.compareAndSet(this, 0, 1)) {
			try {
				this.delivery.executor().execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				this.draining = 0;
			}
		}
	}

	private void drain() {
		byte[] body;
		for (int i = 0; i < DRAIN_BATCH && (body = this.messages.poll()) != null; i++) {
			QUEUED.decrementAndGet(this);
			this.delivery.deliver(this, body);
		}
		this.draining = 0;
		if (!this.messages.isEmpty()) {
			scheduleDrain();
		}
	}

}
