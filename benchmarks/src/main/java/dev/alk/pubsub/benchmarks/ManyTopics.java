package dev.alk.pubsub.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.alk.pubsub.benchmarks.contenders.Contender;
import dev.alk.pubsub.benchmarks.contenders.Contender.Listening;
import dev.alk.pubsub.test.LocalRedis;

/**
 * Many topics subscribed at once: subscribe rate, client heap per topic, delivery to
 * every topic, unsubscribe rate until {@code PUBSUB} shows no channel left.
 */
final class ManyTopics {

	private static final String PREFIX = "many:";

	private final LocalRedis redis;

	private final int topics;

	ManyTopics(LocalRedis redis, int topics) {
		this.redis = redis;
		this.topics = topics;
	}

	List<Measurement> run(ContenderKind kind) {
		String row = "Many topics (%,d): ".formatted(this.topics);
		Outcome outcome = new Outcome();
		AtomicLong delivered = new AtomicLong();
		double subscribeRate = Double.NaN;
		double heapPerTopic = Double.NaN;
		double unsubscribeRate = Double.NaN;
		long left = -1;
		try (Contender contender = kind.connect(this.redis.port())) {
			long heapBefore = usedHeap();
			long started = System.nanoTime();
			List<Listening> listenings = subscribe(contender, delivered, outcome);
			subscribeRate = this.topics / ((System.nanoTime() - started) / 1e9);
			heapPerTopic = (usedHeap() - heapBefore) / (double) this.topics;
			publishToEach(contender, outcome);
			Scenarios.awaitCondition(() -> delivered.get() >= this.topics);
			outcome.missing(this.topics - delivered.get());
			started = System.nanoTime();
			listenings.forEach(Listening::close);
			boolean empty = awaitNoChannels();
			unsubscribeRate = this.topics / ((System.nanoTime() - started) / 1e9);
			left = channelsLeft();
			if (!empty) {
				unsubscribeRate = Double.NaN;
			}
		}
		catch (Exception ex) {
			outcome.error(ex);
		}
		return List.of(new Measurement(row + "subscribed/s", kind.title(), subscribeRate, outcome.note()),
				new Measurement(row + "client heap bytes/topic", kind.title(), heapPerTopic),
				new Measurement(row + "unsubscribed/s", kind.title(), unsubscribeRate),
				new Measurement(row + "channels left after", kind.title(), left));
	}

	private List<Listening> subscribe(Contender contender, AtomicLong delivered, Outcome outcome) {
		List<Listening> listenings = new ArrayList<>(this.topics);
		List<CompletableFuture<?>> ready = new ArrayList<>(this.topics);
		for (int i = 0; i < this.topics; i++) {
			Listening listening = contender.listen(PREFIX + i, (message) -> delivered.incrementAndGet());
			listenings.add(listening);
			ready.add(listening.ready());
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		for (CompletableFuture<?> future : ready) {
			try {
				future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (Exception ex) {
				outcome.error(ex);
			}
		}
		return listenings;
	}

	private void publishToEach(Contender contender, Outcome outcome) throws InterruptedException {
		Semaphore window = new Semaphore(1024);
		for (int i = 0; i < this.topics; i++) {
			window.acquire();
			contender.publish(PREFIX + i).whenComplete((result, failure) -> window.release());
		}
		if (!window.tryAcquire(1024, 30, TimeUnit.SECONDS)) {
			outcome.error(new IllegalStateException("Publishes still pending"));
		}
	}

	private boolean awaitNoChannels() throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (channelsLeft() > 0) {
			if (System.nanoTime() > end) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
	}

	private long channelsLeft() {
		return this.redis.commandReply("PUBSUB", "CHANNELS", PREFIX + "*").size();
	}

	private static long usedHeap() throws InterruptedException {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
