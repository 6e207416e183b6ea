package dev.alk.pubsub.benchmarks;

import java.util.Map;
import java.util.TreeMap;

import dev.alk.pubsub.test.LocalRedisCluster;

/**
 * Local Redis Clusters without replicas, one for each number of masters, started on first
 * use and closed together, so that both pub/sub modes run on the same cluster of a shape.
 * Not thread-safe.
 */
final class LocalClusters implements AutoCloseable {

	private final Map<Integer, LocalRedisCluster> clusters = new TreeMap<>();

	/**
	 * Return the cluster of the given number of masters, starting it on first use.
	 * @param masters the number of masters
	 * @return the running cluster
	 * @throws IllegalStateException if this machine cannot run the cluster or it is not
	 * ready in time
	 */
	LocalRedisCluster withMasters(int masters) {
		return this.clusters.computeIfAbsent(masters, (count) -> LocalRedisCluster.start(count, 0));
	}

	@Override
	public void close() {
		this.clusters.values().forEach(LocalRedisCluster::close);
		this.clusters.clear();
	}

}
