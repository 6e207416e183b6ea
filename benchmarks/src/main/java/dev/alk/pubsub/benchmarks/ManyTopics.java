package dev.alk.pubsub.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.alk.pubsub.benchmarks.contenders.Contender;
import dev.alk.pubsub.benchmarks.contenders.Contender.Listening;

/**
 * Many topics subscribed at once: subscribe rate, client heap (and, where it is read,
 * Redis memory) per topic, delivery to every topic, unsubscribe rate until Redis shows no
 * channel left.
 */
final class ManyTopics {

	static final String PREFIX = "many:";

	private final int topics;

	private final String row;

	private final IntFunction<String> topicName;

	private final LongSupplier channelsLeft;

	private final @Nullable LongSupplier serverMemory;

	/**
	 * Create the scenario.
	 * @param topics the number of topics
	 * @param row the start of the name of each row
	 * @param topicName names the topic of each index; every name starts with
	 * {@link #PREFIX}
	 * @param channelsLeft counts the channels starting with {@link #PREFIX} that Redis
	 * still has subscribed
	 * @param serverMemory the bytes of memory Redis uses in all, or {@code null} to leave
	 * out the row of Redis memory per topic
	 */
	ManyTopics(int topics, String row, IntFunction<String> topicName, LongSupplier channelsLeft,
			@Nullable LongSupplier serverMemory) {
		this.topics = topics;
		this.row = row;
		this.topicName = topicName;
		this.channelsLeft = channelsLeft;
		this.serverMemory = serverMemory;
	}

	List<Measurement> run(String column, Supplier<Contender> connect) {
		Outcome outcome = new Outcome();
		AtomicLong delivered = new AtomicLong();
		double subscribeRate = Double.NaN;
		double heapPerTopic = Double.NaN;
		double serverMemoryPerTopic = Double.NaN;
		double unsubscribeRate = Double.NaN;
		long left = -1;
		try (Contender contender = connect.get()) {
			long heapBefore = usedHeap();
			long serverBefore = serverMemory();
			long started = System.nanoTime();
			List<Listening> listenings = subscribe(contender, delivered, outcome);
			subscribeRate = this.topics / ((System.nanoTime() - started) / 1e9);
			heapPerTopic = (usedHeap() - heapBefore) / (double) this.topics;
			serverMemoryPerTopic = (serverMemory() - serverBefore) / (double) this.topics;
			publishToEach(contender, outcome);
			Scenarios.awaitCondition(() -> delivered.get() >= this.topics);
			outcome.missing(this.topics - delivered.get());
			started = System.nanoTime();
			listenings.forEach(Listening::close);
			boolean empty = awaitNoChannels();
			unsubscribeRate = this.topics / ((System.nanoTime() - started) / 1e9);
			left = this.channelsLeft.getAsLong();
			if (!empty) {
				unsubscribeRate = Double.NaN;
			}
		}
		catch (Exception ex) {
			outcome.error(ex);
		}
		List<Measurement> measurements = new ArrayList<>();
		measurements.add(new Measurement(this.row + "subscribed/s", column, subscribeRate, outcome.note()));
		measurements.add(new Measurement(this.row + "client heap bytes/topic", column, heapPerTopic));
		if (this.serverMemory != null) {
			measurements.add(new Measurement(this.row + "Redis memory bytes/topic", column, serverMemoryPerTopic));
		}
		measurements.add(new Measurement(this.row + "unsubscribed/s", column, unsubscribeRate));
		measurements.add(new Measurement(this.row + "channels left after", column, left));
		return measurements;
	}

	private long serverMemory() {
		return (this.serverMemory != null) ? this.serverMemory.getAsLong() : 0;
	}

	private List<Listening> subscribe(Contender contender, AtomicLong delivered, Outcome outcome) {
		List<Listening> listenings = new ArrayList<>(this.topics);
		List<CompletableFuture<?>> ready = new ArrayList<>(this.topics);
		for (int i = 0; i < this.topics; i++) {
			Listening listening = contender.listen(this.topicName.apply(i), (message) -> delivered.incrementAndGet());
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
			contender.publish(this.topicName.apply(i)).whenComplete((result, failure) -> window.release());
		}
		if (!window.tryAcquire(1024, 30, TimeUnit.SECONDS)) {
			outcome.error(new IllegalStateException("Publishes still pending"));
		}
	}

	private boolean awaitNoChannels() throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (this.channelsLeft.getAsLong() > 0) {
			if (System.nanoTime() > end) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
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
