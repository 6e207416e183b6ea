package dev.alk.pubsub.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.alk.pubsub.benchmarks.contenders.EventTargetContender;
import dev.alk.pubsub.redis.RedisEventTargetSettings;
import dev.alk.pubsub.test.LocalRedisCluster;

/**
 * {@link ManyTopics} for one event target on a Redis Cluster, in classic or sharded mode,
 * on reply topics named like {@code call.responded:<uuid>}, reading the memory of every
 * master and counting the channels left on them.
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
				ClusterTopics::replyTopic, () -> channelsLeft(cluster, setup.sharded()), () -> usedMemory(cluster))
			.run(setup.title(), () -> {
				ClusterTarget target = new ClusterTarget(cluster.nodes(), setup.sharded(),
						RedisEventTargetSettings.defaults());
				return new EventTargetContender(target.target(), target);
			});
	}

	private static String replyTopic(int index) {
		byte[] seed = ("reply-" + index).getBytes(StandardCharsets.UTF_8);
		return ManyTopics.PREFIX + "call.responded:" + UUID.nameUUIDFromBytes(seed);
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

	private static long usedMemory(LocalRedisCluster cluster) {
		long used = 0;
		for (int port : cluster.masterPorts()) {
			used += Long.parseLong(RedisInfo.field(cluster.command(port, "INFO", "memory"), "used_memory"));
		}
		return used;
	}

}
