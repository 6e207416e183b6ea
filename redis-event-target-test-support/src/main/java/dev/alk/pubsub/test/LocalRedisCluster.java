package dev.alk.pubsub.test;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Redis Cluster of a number of masters with the same number of replicas each, one
 * {@code redis-server} process per node on free loopback ports, for tests of clients that
 * follow slots across nodes, a failover or a slot that moves.
 * <p>
 * Requires {@code redis-server} 7 or later, found like the one of a {@link LocalRedis}
 * with a local binary; {@link #isSupported()} tells whether it is installed. The cluster
 * is started when returned: the masters serve even shares of the hash slots, every node
 * reports {@code cluster_state:ok} and knows every replica, and every replica is in sync.
 * Nodes run without persistence and with a node timeout of one second. Every wait is
 * bounded by 30 seconds and fails with the end of the logs of the nodes concerned.
 * Processes still running when the JVM exits are killed.
 * <p>
 * Instances are not thread-safe, except for the methods that only query nodes, which open
 * a connection per call: these may be called from any thread, though not during
 * {@link #killMaster(int)}, {@link #moveSlot(int, int)} or {@link #close()}.
 *
 * @since 0.1.0
 */
public final class LocalRedisCluster implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LocalRedisCluster.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<RedisNode> nodes = new ArrayList<>();

	private boolean closed;

	private LocalRedisCluster() {
	}

	/**
	 * Return whether this machine can run the cluster: whether a {@code redis-server} of
	 * version 7 or later is installed.
	 * @return whether the cluster is supported
	 */
	public static boolean isSupported() {
		return unsupportedReason().isEmpty();
	}

	/**
	 * Return why this machine cannot run the cluster, for a test to report when it skips.
	 * @return the reason, or empty when the cluster is supported
	 */
	public static Optional<String> unsupportedReason() {
		return TopologyExecutables.serverProblem();
	}

	/**
	 * Start a cluster of three masters with one replica each and wait until it is ready.
	 * @return the started cluster
	 * @throws IllegalStateException if this machine does not support the cluster, or the
	 * cluster is not ready in time
	 * @see #start(int, int)
	 */
	public static LocalRedisCluster start() {
		return start(3, 1);
	}

	/**
	 * Start a cluster of the given number of masters with the given number of replicas
	 * each, and wait until it is ready. The masters serve even shares of the slots, a
	 * single master all of them. Fewer than three masters cannot fail over, as a replica
	 * needs the votes of a majority of the masters.
	 * @param masters the number of masters, from 1 to 16384
	 * @param replicasPerMaster the number of replicas of each master, zero or more
	 * @return the started cluster
	 * @throws IllegalArgumentException if the number of masters is out of range or the
	 * number of replicas per master is negative
	 * @throws IllegalStateException if this machine does not support the cluster, or the
	 * cluster is not ready in time
	 */
	public static LocalRedisCluster start(int masters, int replicasPerMaster) {
		ClusterShape shape = new ClusterShape(masters, replicasPerMaster);
		Path server = TopologyExecutables.server();
		LocalRedisCluster cluster = new LocalRedisCluster();
		try {
			cluster.startNodes(server, shape.nodeCount());
			ClusterFormation.form(cluster.nodes, shape, TIMEOUT);
		}
		catch (RuntimeException ex) {
			cluster.closeAfterFailure(ex);
			throw ex;
		}
		logger.info("Started Redis Cluster with masters on ports '" + cluster.masterPorts()
				+ "' and replicas on ports '" + cluster.replicaPorts() + "'");
		return cluster;
	}

	private void startNodes(Path server, int count) {
		for (int i = 0; i < count; i++) {
			List<Integer> ports = Loopback.findFreePorts(2);
			this.nodes.add(RedisNode.start(server, ports.get(0), nodeArgs(ports.get(0), ports.get(1))));
		}
	}

	private static List<String> nodeArgs(int port, int busPort) {
		return List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
				"--cluster-node-timeout", "1000", "--cluster-port", String.valueOf(busPort),
				"--repl-diskless-sync-delay", "0");
	}

	/**
	 * Return the addresses of all nodes, {@code 127.0.0.1:<port>}, such as
	 * {@code spring.data.redis.cluster.nodes} takes.
	 * @return the node addresses
	 */
	public List<String> nodes() {
		return this.nodes.stream().map(RedisNode::address).toList();
	}

	/**
	 * Return the ports of the running nodes that are masters now.
	 * @return the master ports
	 * @throws UncheckedIOException if a running node cannot be reached
	 */
	public List<Integer> masterPorts() {
		return portsOfRunningNodesWith("role:master");
	}

	/**
	 * Return the ports of the running nodes that are replicas now.
	 * @return the replica ports
	 * @throws UncheckedIOException if a running node cannot be reached
	 */
	public List<Integer> replicaPorts() {
		return portsOfRunningNodesWith("role:slave");
	}

	private List<Integer> portsOfRunningNodesWith(String role) {
		return runningNodes().stream()
			.filter((node) -> node.reports(role, "INFO", "replication"))
			.map(RedisNode::port)
			.toList();
	}

	/**
	 * Return the hash slot of a key, as the first running node computes it.
	 * @param key the key
	 * @return the slot
	 * @throws UncheckedIOException if that node cannot be reached
	 */
	public int slotOf(String key) {
		return ((Long) firstRunningNode().send("CLUSTER", "KEYSLOT", key)).intValue();
	}

	/**
	 * Return the port of the master that serves the slot of a key, as the first running
	 * node reports it.
	 * @param key the key
	 * @return the master port
	 * @throws UncheckedIOException if that node cannot be reached
	 */
	public int masterOf(String key) {
		return ClusterView.masterOfSlot(firstRunningNode(), slotOf(key));
	}

	/**
	 * Kill a master without letting it shut down, as a crash would, and wait until its
	 * replica has taken its slots over and every other node reports
	 * {@code cluster_state:ok}.
	 * @param port the port of the master
	 * @throws IllegalArgumentException if no running master of this cluster listens on
	 * the port
	 * @throws IllegalStateException if the master has no replica or no replica takes over
	 * in time
	 */
	public void killMaster(int port) {
		RedisNode master = runningMaster(port);
		if (master.reports("connected_slaves:0", "INFO", "replication")) {
			throw new IllegalStateException("Master on port '" + port + "' has no replica to take its slots over");
		}
		int slot = ClusterView.firstSlotOf(master);
		master.kill();
		Deadline.after(TIMEOUT)
			.awaitEach("a replica to take the slots of port '" + port + "' over", runningNodes(),
					(node) -> hasTakenOver(node, slot, port));
		logger.info("Killed Redis Cluster master on port '" + port + "', port '"
				+ ClusterView.masterOfSlot(firstRunningNode(), slot) + "' took over");
	}

	private boolean hasTakenOver(RedisNode node, int slot, int killedPort) {
		int owner = ClusterView.masterOfSlot(node, slot);
		return owner != killedPort && node.reports("cluster_state:ok", "CLUSTER", "INFO")
				&& node(owner).reports("role:master", "INFO", "replication");
	}

	/**
	 * Move an empty hash slot from the master that serves it to another master, as a
	 * resharding does, and wait until every running node reports the new master for it.
	 * Does nothing when that master serves the slot already.
	 * @param slot the slot, from 0 to 16383
	 * @param toPort the port of the master that is to serve the slot
	 * @throws IllegalArgumentException if the slot is out of range or no running master
	 * of this cluster listens on the port
	 * @throws IllegalStateException if the slot holds keys or a node does not report the
	 * new master in time
	 */
	public void moveSlot(int slot, int toPort) {
		if (slot < 0 || slot >= ClusterShape.SLOT_COUNT) {
			throw new IllegalArgumentException(
					"Slot must be between 0 and " + (ClusterShape.SLOT_COUNT - 1) + " but was '" + slot + "'");
		}
		RedisNode target = runningMaster(toPort);
		int fromPort = ClusterView.masterOfSlot(target, slot);
		if (fromPort == toPort) {
			return;
		}
		List<RedisNode> otherMasters = runningNodes().stream()
			.filter((node) -> node.port() != fromPort && node.port() != toPort)
			.filter((node) -> node.reports("role:master", "INFO", "replication"))
			.toList();
		SlotMove.move(slot, node(fromPort), target, otherMasters);
		Deadline.after(TIMEOUT)
			.awaitEach("every node to report port '" + toPort + "' as the master of slot '" + slot + "'",
					runningNodes(), (node) -> ClusterView.masterOfSlot(node, slot) == toPort);
		logger.info("Moved Redis Cluster slot '" + slot + "' from port '" + fromPort + "' to port '" + toPort + "'");
	}

	/**
	 * Send one command to a node and return its reply as text, like
	 * {@link LocalRedis#command(String...)}. Nodes do not follow redirections, so a
	 * command for a key of another node fails with a {@code MOVED} error.
	 * @param port the port of the node
	 * @param args the command and its arguments
	 * @return the reply as text
	 * @throws IllegalArgumentException if no node of this cluster listens on the port
	 * @throws IllegalStateException if the node replies with an error
	 * @throws UncheckedIOException if the node cannot be reached
	 */
	public String command(int port, String... args) {
		return String.valueOf(node(port).send(args));
	}

	private RedisNode node(int port) {
		return this.nodes.stream()
			.filter((node) -> node.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node of this cluster listens on port '" + port + "'"));
	}

	private RedisNode runningMaster(int port) {
		return runningNodes().stream()
			.filter((node) -> node.port() == port && node.reports("role:master", "INFO", "replication"))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No running master listens on port '" + port + "'"));
	}

	private RedisNode firstRunningNode() {
		return runningNodes().get(0);
	}

	private List<RedisNode> runningNodes() {
		return this.nodes.stream().filter(RedisNode::isRunning).toList();
	}

	/**
	 * Stop every node and delete the working directories. Calling it again has no effect.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		RedisNode.closeAll(this.nodes);
	}

	private void closeAfterFailure(RuntimeException failure) {
		try {
			close();
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

}
