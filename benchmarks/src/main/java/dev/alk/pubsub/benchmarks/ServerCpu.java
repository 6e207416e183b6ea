package dev.alk.pubsub.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.alk.pubsub.test.LocalRedisCluster;

/**
 * CPU time that each master of a cluster has used so far, from {@code INFO cpu}: system
 * plus user time of its {@code redis-server} process.
 *
 * @param seconds the CPU seconds by port, in the order of the masters' ports
 */
record ServerCpu(Map<Integer, Double> seconds) {

	/**
	 * Read the CPU time of every master of a cluster.
	 * @param cluster the cluster
	 * @return the CPU time so far
	 */
	static ServerCpu read(LocalRedisCluster cluster) {
		Map<Integer, Double> seconds = new LinkedHashMap<>();
		List<Integer> ports = cluster.masterPorts().stream().sorted().toList();
		for (int port : ports) {
			seconds.put(port, seconds(cluster.command(port, "INFO", "cpu")));
		}
		return new ServerCpu(seconds);
	}

	/**
	 * Return the CPU time used since an earlier reading, master by master.
	 * @param earlier the earlier reading of the same cluster
	 * @return the CPU seconds of each master in between, in the order of their ports
	 */
	List<Double> since(ServerCpu earlier) {
		return this.seconds.entrySet()
			.stream()
			.map((entry) -> entry.getValue() - earlier.seconds.getOrDefault(entry.getKey(), 0.0))
			.toList();
	}

	private static double seconds(String info) {
		return Double.parseDouble(RedisInfo.field(info, "used_cpu_sys"))
				+ Double.parseDouble(RedisInfo.field(info, "used_cpu_user"));
	}

}
