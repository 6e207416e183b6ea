package dev.alk.pubsub.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import dev.alk.pubsub.benchmarks.contenders.Contender;
import dev.alk.pubsub.benchmarks.contenders.Contender.Listening;
import dev.alk.pubsub.test.LocalRedis;

/**
 * The benchmark scenarios. Each run connects fresh contenders, bounds every wait, and
 * reports failures as notes instead of throwing.
 */
final class Scenarios {

	private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(2);

	static final int PUBLISH_WINDOW = 1024;

	private final LocalRedis redis;

	private final BenchmarkSettings settings;

	private final ShardScaling shardScaling;

	private final ShardScaling cappedShardScaling;

	private final ClusterTopics clusterTopics;

	Scenarios(LocalRedis redis, LocalClusters clusters, BenchmarkSettings settings) {
		this.redis = redis;
		this.settings = settings;
		this.shardScaling = new ShardScaling(clusters, settings.clusterEvents(), null);
		this.cappedShardScaling = new ShardScaling(clusters, settings.clusterEvents(), settings.masterCores());
		this.clusterTopics = new ClusterTopics(clusters, settings.manyTopics());
	}

	List<Measurement> churn(ContenderKind kind, int workers) {
		String row = "Churn, %d worker%s: ".formatted(workers, (workers > 1) ? "s" : "");
		Outcome outcome = new Outcome();
		Latencies latencies = new Latencies();
		try (Contender contender = kind.connect(this.redis.port())) {
			long end = System.nanoTime() + this.settings.duration().toNanos();
			boolean finished = Workers.run(workers, () -> {
				while (System.nanoTime() < end) {
					rpc(contender, latencies, outcome);
				}
			}, this.settings.duration().plus(Duration.ofSeconds(10)));
			outcome.stalledIf(!finished);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			outcome.error(ex);
		}
		return List.of(new Measurement(row + "ops/s", kind.title(), latencies.count() / seconds(), outcome.note()),
				new Measurement(row + "p50 ms", kind.title(), latencies.millis(50)),
				new Measurement(row + "p99 ms", kind.title(), latencies.millis(99)),
				new Measurement(row + "lost replies", kind.title(), outcome.lost.get()),
				new Measurement(row + "errors", kind.title(), outcome.errors.get()));
	}

	private static void rpc(Contender contender, Latencies latencies, Outcome outcome) {
		String topic = "call.responded:" + UUID.randomUUID();
		CompletableFuture<Object> reply = new CompletableFuture<>();
		long started = System.nanoTime();
		Listening listening = null;
		boolean sent = false;
		try {
			listening = contender.listen(topic, reply::complete);
			await(listening.ready());
			await(contender.publish(topic));
			sent = true;
			await(reply);
			latencies.add(System.nanoTime() - started);
		}
		catch (TimeoutException ex) {
			if (sent) {
				outcome.lost.incrementAndGet();
			}
			else {
				outcome.error(ex);
			}
		}
		catch (Exception ex) {
			outcome.error(ex);
		}
		finally {
			closeQuietly(listening, outcome);
		}
	}

	List<Measurement> blockingThroughput(ContenderKind kind) {
		Outcome outcome = new Outcome();
		AtomicLong published = new AtomicLong();
		AtomicLong delivered = new AtomicLong();
		try (Contender contender = kind.connect(this.redis.port())) {
			Listening listening = contender.listen("throughput", (message) -> delivered.incrementAndGet());
			await(listening.ready());
			long end = System.nanoTime() + this.settings.duration().toNanos();
			boolean finished = Workers.run(4, () -> {
				while (System.nanoTime() < end) {
					contender.publishAndWait("throughput");
					published.incrementAndGet();
				}
			}, this.settings.duration().plus(Duration.ofSeconds(10)));
			outcome.stalledIf(!finished);
			awaitCondition(() -> delivered.get() >= published.get());
		}
		catch (Exception ex) {
			outcome.error(ex);
		}
		outcome.missing(published.get() - delivered.get());
		return List.of(new Measurement("Throughput, 4 blocking publishers: msgs/s", kind.title(),
				delivered.get() / seconds(), outcome.note()));
	}

	List<Measurement> asyncThroughput(ContenderKind kind) {
		Outcome outcome = new Outcome();
		AtomicLong published = new AtomicLong();
		AtomicLong delivered = new AtomicLong();
		try (Contender contender = kind.connect(this.redis.port())) {
			Listening listening = contender.listen("pipelined", (message) -> delivered.incrementAndGet());
			await(listening.ready());
			Semaphore window = new Semaphore(PUBLISH_WINDOW);
			long end = System.nanoTime() + this.settings.duration().toNanos();
			while (System.nanoTime() < end) {
				window.acquire();
				contender.publish("pipelined").whenComplete((result, failure) -> {
					if (failure == null) {
						published.incrementAndGet();
					}
					window.release();
				});
			}
			window.tryAcquire(PUBLISH_WINDOW, OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			awaitCondition(() -> delivered.get() >= published.get());
		}
		catch (Exception ex) {
			outcome.error(ex);
		}
		outcome.missing(published.get() - delivered.get());
		return List.of(new Measurement("Throughput, asynchronous publishing: msgs/s", kind.title(),
				delivered.get() / seconds(), outcome.note()));
	}

	List<Measurement> latency(ContenderKind kind) {
		Outcome outcome = new Outcome();
		Latencies latencies = new Latencies();
		try (Contender contender = kind.connect(this.redis.port())) {
			AtomicReferenceFuture arrival = new AtomicReferenceFuture();
			Listening listening = contender.listen("latency", (message) -> arrival.get().complete(message));
			await(listening.ready());
			for (int i = 0; i < this.settings.latencySamples(); i++) {
				CompletableFuture<Object> next = arrival.next();
				long started = System.nanoTime();
				contender.publish("latency");
				await(next);
				latencies.add(System.nanoTime() - started);
			}
		}
		catch (Exception ex) {
			outcome.error(ex);
		}
		return List.of(
				new Measurement("Latency, one in flight: p50 ms", kind.title(), latencies.millis(50), outcome.note()),
				new Measurement("Latency, one in flight: p99 ms", kind.title(), latencies.millis(99)));
	}

	List<Measurement> fanOut(ContenderKind kind) {
		Outcome outcome = new Outcome();
		AtomicLong published = new AtomicLong();
		AtomicLong delivered = new AtomicLong();
		try (Contender first = kind.connect(this.redis.port()); Contender second = kind.connect(this.redis.port())) {
			List<Listening> listenings = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				listenings
					.add(((i % 2 == 0) ? first : second).listen("fan.out", (message) -> delivered.incrementAndGet()));
			}
			for (Listening listening : listenings) {
				await(listening.ready());
			}
			long end = System.nanoTime() + this.settings.duration().toNanos();
			while (System.nanoTime() < end) {
				first.publishAndWait("fan.out");
				published.incrementAndGet();
			}
			awaitCondition(() -> delivered.get() >= 8 * published.get());
		}
		catch (Exception ex) {
			outcome.error(ex);
		}
		outcome.missing(8 * published.get() - delivered.get());
		return List.of(new Measurement("Fan-out, 8 listeners on 2 clients: deliveries/s", kind.title(),
				delivered.get() / seconds(), outcome.note()));
	}

	List<Measurement> manyTopics(ContenderKind kind) {
		return new ManyTopics(this.settings.manyTopics(), "Many topics (%,d): ".formatted(this.settings.manyTopics()),
				(i) -> ManyTopics.PREFIX + i,
				() -> this.redis.commandReply("PUBSUB", "CHANNELS", ManyTopics.PREFIX + "*").size(), null)
			.run(kind.title(), () -> kind.connect(this.redis.port()));
	}

	List<Measurement> shardScaling(ClusterSetup setup) {
		List<Measurement> measurements = new ArrayList<>(this.shardScaling.run(setup));
		measurements.addAll(this.clusterTopics.run(setup));
		return measurements;
	}

	List<Measurement> cappedShardScaling(ClusterSetup setup) {
		return this.cappedShardScaling.run(setup);
	}

	String shardScalingLoad() {
		return this.shardScaling.load();
	}

	private double seconds() {
		return this.settings.duration().toNanos() / 1e9;
	}

	static void await(CompletableFuture<?> future) throws Exception {
		future.get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	static boolean awaitCondition(BooleanSupplier condition) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				return false;
			}
			Thread.sleep(5);
		}
		return true;
	}

	private static void closeQuietly(Listening listening, Outcome outcome) {
		if (listening != null) {
			try {
				listening.close();
			}
			catch (RuntimeException ex) {
				outcome.error(ex);
			}
		}
	}

	/**
	 * Holder of the future that the next message completes.
	 */
	private static final class AtomicReferenceFuture {

		private volatile CompletableFuture<Object> current = new CompletableFuture<>();

		CompletableFuture<Object> get() {
			return this.current;
		}

		CompletableFuture<Object> next() {
			this.current = new CompletableFuture<>();
			return this.current;
		}

	}

}
