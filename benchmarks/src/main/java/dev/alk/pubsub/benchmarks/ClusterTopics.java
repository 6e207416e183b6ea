package dev.alk.pubsub.benchmarks;

import java.util.List;

import dev.alk.pubsub.benchmarks.contenders.EventTargetContender;
import dev.alk.pubsub.redis.RedisEventTargetSettings;
import dev.alk.pubsub.test.LocalRedisCluster;

/**
 * {@link ManyTopics} for one event target on a Redis Cluster, in classic or sharded mode,
 * counting the channels left on every master.
 */
final class ClusterTopics {

	private final LocalClusters clusters;

	private final int topics;

	ClusterTopics(LocalClusters clusters, int topics) {
		this.clusters = clusters;
		this.topics = topics;
	}

	List<Measurement> run(ClusterSetup setup) {
		LocalRedisCluster cluster = this.clusters.withMasters(setup.masters());
		return new ManyTopics(this.topics, "Cluster, %,d topics on one target: ".formatted(this.topics),
				() -> channelsLeft(cluster, setup.sharded()))
			.run(setup.title(), () -> {
				ClusterTarget target = new ClusterTarget(cluster.nodes(), setup.sharded(),
						RedisEventTargetSettings.defaults());
				return new EventTargetContender(target.target(), target);
			});
	}

	private static long channelsLeft(LocalRedisCluster cluster, boolean sharded) {
		long left = 0;
		for (int port : cluster.masterPorts()) {
			String channels = cluster.command(port, "PUBSUB", sharded ? "SHARDCHANNELS" : "CHANNELS",
					ManyTopics.PREFIX + "*");
			left += channels.equals("[]") ? 0 : channels.split(", ").length;
		}
		return left;
	}

}
