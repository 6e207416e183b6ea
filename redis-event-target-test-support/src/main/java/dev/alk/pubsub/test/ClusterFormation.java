package dev.alk.pubsub.test;

import java.time.Duration;
import java.util.List;

/**
 * Formation of a local Redis Cluster of a given shape from nodes that run in cluster mode
 * and know no other node yet, with the cluster commands that
 * {@code redis-cli --cluster create} sends, which unlike it accept fewer than three
 * masters.
 * <p>
 * Not thread-safe.
 */
final class ClusterFormation {

	private final List<RedisNode> nodes;

	private final ClusterShape shape;

	private final Duration timeout;

	private ClusterFormation(List<RedisNode> nodes, ClusterShape shape, Duration timeout) {
		this.nodes = nodes;
		this.shape = shape;
		this.timeout = timeout;
	}

	/**
	 * Form a cluster and wait until it is ready: every node reports
	 * {@code cluster_state:ok} and knows every replica, and every replica is in sync.
	 * @param nodes the nodes, as many as the shape has, numbered as it lays them out
	 * @param shape the shape
	 * @param timeout how long each wait may take
	 * @throws IllegalArgumentException if there are not as many nodes as the shape has
	 * @throws IllegalStateException if a node rejects a command or the cluster is not
	 * ready in time
	 */
	static void form(List<RedisNode> nodes, ClusterShape shape, Duration timeout) {
		if (nodes.size() != shape.nodeCount()) {
			throw new IllegalArgumentException(
					"Expected '" + shape.nodeCount() + "' nodes but got '" + nodes.size() + "'");
		}
		new ClusterFormation(nodes, shape, timeout).form();
	}

	private void form() {
		assignConfigEpochs();
		assignSlots();
		meet();
		Deadline.after(this.timeout)
			.awaitEach("every node to know the other nodes", this.nodes,
					(node) -> ClusterView.knowsNodes(node, this.nodes.size()));
		replicate();
		Deadline.after(this.timeout)
			.awaitEach("every node to report cluster_state:ok and its replicas in sync", this.nodes, this::isReady);
	}

	/**
	 * Gives every node a distinct config epoch up front, as {@code redis-cli} does, so
	 * that the nodes do not start with the same epoch and have to resolve the collision.
	 */
	private void assignConfigEpochs() {
		for (int i = 0; i < this.nodes.size(); i++) {
			this.nodes.get(i).send("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
		}
	}

	private void assignSlots() {
		for (int master = 0; master < this.shape.masters(); master++) {
			this.nodes.get(master)
				.send("CLUSTER", "ADDSLOTSRANGE", String.valueOf(this.shape.firstSlot(master)),
						String.valueOf(this.shape.lastSlot(master)));
		}
	}

	private void meet() {
		RedisNode first = this.nodes.get(0);
		String busPort = String.valueOf(ClusterView.busPortOf(first));
		for (RedisNode node : this.nodes.subList(1, this.nodes.size())) {
			node.send("CLUSTER", "MEET", Loopback.HOST, String.valueOf(first.port()), busPort);
		}
	}

	private void replicate() {
		for (int i = this.shape.masters(); i < this.nodes.size(); i++) {
			String masterId = ClusterView.idOf(this.nodes.get(this.shape.masterOf(i)));
			this.nodes.get(i).send("CLUSTER", "REPLICATE", masterId);
		}
	}

	private boolean isReady(RedisNode node) {
		return ClusterView.knownReplicas(node) == this.shape.replicaCount()
				&& node.reports("cluster_state:ok", "CLUSTER", "INFO")
				&& (node.reports("role:master", "INFO", "replication")
						|| node.reports("master_link_status:up", "INFO", "replication"));
	}

}
