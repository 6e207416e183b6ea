package dev.alk.pubsub.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.sun.management.OperatingSystemMXBean;
import dev.alk.pubsub.EventEnvelope;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.benchmarks.contenders.Payloads;
import dev.alk.pubsub.redis.RedisEventTargetSettings;
import dev.alk.pubsub.test.LocalRedisCluster;
import org.jspecify.annotations.Nullable;

/**
 * The same total load on a Redis Cluster in each {@link ClusterSetup}: subscriber
 * targets, each its own application instance with one listener on every topic, and
 * publisher targets that publish a fixed number of events over the topics, a bounded
 * number in flight. Each publish fans out to every subscriber in Redis. Measures the
 * events delivered per second from the first publish to the last arrival, and the CPU
 * time that each master and the benchmark's own process used meanwhile: on a machine with
 * few cores the client and Redis share the CPU, so the time of each master shows how the
 * server work is spread, whatever limits the delivery rate.
 */
final class ShardScaling {

	private static final String TYPE = "call.responded";

	private static final int TOPICS = 256;

	private static final int SUBSCRIBERS = 4;

	private static final int PUBLISHERS = 2;

	private static final RedisEventTargetSettings SETTINGS = RedisEventTargetSettings.defaults()
		.withDirectDelivery(true);

	private static final Duration PUBLISH_TIMEOUT = SETTINGS.publishTimeout().plusSeconds(5);

	private static final List<String> IDS = IntStream.range(0, TOPICS)
		.mapToObj((i) -> UUID.nameUUIDFromBytes(("topic-" + i).getBytes(StandardCharsets.UTF_8)).toString())
		.toList();

	private final LocalClusters clusters;

	private final int events;

	private final @Nullable Double masterCores;

	private final String row;

	/**
	 * Create the scenario.
	 * @param clusters the clusters to run on
	 * @param events the number of events to publish in each run
	 * @param masterCores the share of one core that each master is held to with a
	 * {@link MasterCpuQuota}, or {@code null} to leave the masters unbounded
	 */
	ShardScaling(LocalClusters clusters, int events, @Nullable Double masterCores) {
		this.clusters = clusters;
		this.events = events;
		this.masterCores = masterCores;
		this.row = "Cluster, %d topics × %d subscribers%s: ".formatted(TOPICS, SUBSCRIBERS,
				(masterCores != null) ? ", each master held to %.2f of a core".formatted(masterCores) : "");
	}

	/**
	 * Describe the load of every run.
	 * @return the description
	 */
	String load() {
		return ("%d topics named like %s:<uuid>; %d subscriber targets, each with one listener per topic and direct "
				+ "delivery; %d publisher targets, one thread each, with up to %,d events in flight in all; %,d events "
				+ "per run, each delivered %d times; one Lettuce connection factory per target")
			.formatted(TOPICS, TYPE, SUBSCRIBERS, PUBLISHERS, Scenarios.PUBLISH_WINDOW, this.events, SUBSCRIBERS);
	}

	List<Measurement> run(ClusterSetup setup) {
		Outcome outcome = new Outcome();
		@Nullable Sample sample = null;
		List<ClusterTarget> targets = new ArrayList<>();
		@Nullable MasterCpuQuota quota = null;
		try {
			LocalRedisCluster cluster = this.clusters.withMasters(setup.masters());
			for (int i = 0; i < PUBLISHERS + SUBSCRIBERS; i++) {
				targets.add(new ClusterTarget(cluster.nodes(), setup.sharded(), SETTINGS));
			}
			Arrivals arrivals = new Arrivals();
			listen(targets.subList(PUBLISHERS, targets.size()), arrivals);
			if (this.masterCores != null) {
				quota = MasterCpuQuota.hold(cluster, this.masterCores);
			}
			sample = measure(cluster, targets.subList(0, PUBLISHERS), arrivals, outcome);
		}
		catch (Exception ex) {
			outcome.error(ex);
		}
		finally {
			if (quota != null) {
				close(quota, outcome);
			}
			targets.forEach((target) -> close(target, outcome));
		}
		return measurements(setup, sample, outcome.note());
	}

	private static void listen(List<ClusterTarget> subscribers, Arrivals arrivals) throws Exception {
		List<CompletableFuture<Void>> ready = new ArrayList<>();
		for (ClusterTarget subscriber : subscribers) {
			for (String id : IDS) {
				ready.add(subscriber.target().addEventListener(EventEnvelope.topic(TYPE, id), arrivals::add).ready());
			}
		}
		CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
	}

	private Sample measure(LocalRedisCluster cluster, List<ClusterTarget> publishers, Arrivals arrivals,
			Outcome outcome) throws InterruptedException {
		ServerCpu serverBefore = ServerCpu.read(cluster);
		long clientBefore = processCpuNanos();
		long started = System.nanoTime();
		long published = publish(publishers, outcome);
		Scenarios.awaitCondition(() -> arrivals.count() >= published * SUBSCRIBERS);
		long ended = Math.max(arrivals.lastNanos(), started + 1);
		double clientSeconds = (processCpuNanos() - clientBefore) / 1e9;
		List<Double> serverSeconds = ServerCpu.read(cluster).since(serverBefore);
		outcome.missing(published * SUBSCRIBERS - arrivals.count());
		return new Sample(published, arrivals.count(), (ended - started) / 1e9, serverSeconds, clientSeconds);
	}

	/**
	 * Publish the events from one thread per publisher target, drawing event numbers from
	 * one counter and keeping at most {@link Scenarios#PUBLISH_WINDOW} in flight in all.
	 */
	private long publish(List<ClusterTarget> publishers, Outcome outcome) throws InterruptedException {
		Semaphore window = new Semaphore(Scenarios.PUBLISH_WINDOW);
		AtomicInteger nextPublisher = new AtomicInteger();
		AtomicInteger nextEvent = new AtomicInteger();
		AtomicLong published = new AtomicLong();
		boolean finished = Workers.run(publishers.size(), () -> {
			TypedEventTarget publisher = publishers.get(nextPublisher.getAndIncrement()).target();
			for (int i = nextEvent.getAndIncrement(); i < this.events; i = nextEvent.getAndIncrement()) {
				if (!window.tryAcquire(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					outcome.error(new TimeoutException("No publish completed within " + PUBLISH_TIMEOUT));
					return;
				}
				publisher.publish(TYPE, IDS.get(i % TOPICS), Payloads.PAYLOAD)
					.whenComplete((receivers, failure) -> settle(window, published, failure, outcome));
			}
		}, Duration.ofMillis(this.events).plus(PUBLISH_TIMEOUT));
		outcome.stalledIf(!finished);
		if (!window.tryAcquire(Scenarios.PUBLISH_WINDOW, PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			outcome.error(new TimeoutException("Publishes still pending"));
		}
		return published.get();
	}

	private static void settle(Semaphore window, AtomicLong published, @Nullable Throwable failure, Outcome outcome) {
		if (failure == null) {
			published.incrementAndGet();
		}
		else {
			outcome.error(failure);
		}
		window.release();
	}

	private List<Measurement> measurements(ClusterSetup setup, @Nullable Sample sample, String note) {
		if (sample == null) {
			return List.of(new Measurement(this.row + "msgs/s", setup.title(), Double.NaN, note));
		}
		return sample.measurements(this.row, setup.title(), note);
	}

	private static void close(AutoCloseable closeable, Outcome outcome) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			outcome.error(ex);
		}
	}

	private static long processCpuNanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/**
	 * What one run measured.
	 *
	 * @param published the events that Redis took
	 * @param delivered the events that reached a listener
	 * @param seconds the time from the first publish to the last arrival
	 * @param serverSeconds the CPU seconds of each master meanwhile, in port order
	 * @param clientSeconds the CPU seconds of the benchmark's process meanwhile
	 */
	private record Sample(long published, long delivered, double seconds, List<Double> serverSeconds,
			double clientSeconds) {

		List<Measurement> measurements(String row, String column, String note) {
			double serverTotal = this.serverSeconds.stream().mapToDouble(Double::doubleValue).sum();
			List<Measurement> measurements = new ArrayList<>(
					List.of(new Measurement(row + "msgs/s", column, this.delivered / this.seconds, note),
							new Measurement(row + "events lost", column, this.published * SUBSCRIBERS - this.delivered),
							new Measurement(row + "benchmark JVM cores busy", column,
									this.clientSeconds / this.seconds),
							new Measurement(row + "Redis cores busy", column, serverTotal / this.seconds),
							new Measurement(row + "msgs per CPU second of the busiest master", column,
									this.delivered / Collections.max(this.serverSeconds)),
							new Measurement(row + "Redis CPU ms, all masters", column, serverTotal * 1000)));
			if (this.serverSeconds.size() > 1) {
				measurements.addAll(perMaster(row, column));
			}
			return measurements;
		}

		private List<Measurement> perMaster(String row, String column) {
			int masters = this.serverSeconds.size();
			return IntStream.range(0, masters)
				.mapToObj((i) -> new Measurement(row + "Redis CPU ms, master %d of %d".formatted(i + 1, masters),
						column, this.serverSeconds.get(i) * 1000))
				.toList();
		}

	}

	/**
	 * Counts the events that reach the listeners and the time of the last. Thread-safe.
	 */
	private static final class Arrivals {

		private final AtomicLong count = new AtomicLong();

		private volatile long lastNanos = System.nanoTime();

		void add(TypedEvent event) {
			this.lastNanos = System.nanoTime();
			this.count.incrementAndGet();
		}

		long count() {
			return this.count.get();
		}

		long lastNanos() {
			return this.lastNanos;
		}

	}

}
