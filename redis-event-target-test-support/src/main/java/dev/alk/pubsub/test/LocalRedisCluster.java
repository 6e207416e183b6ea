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
 * Redis Cluster of three masters with one replica each, six {@code redis-server}
 * processes on free loopback ports, for tests of clients that follow slots across nodes
 * and a failover.
 * <p>
 * Requires {@code redis-server} and {@code redis-cli} 7 or later, found like the
 * {@code redis-server} of a {@link LocalRedis} with a local binary, and {@code redis-cli}
 * beside it or on {@code PATH}; {@link #isSupported()} tells whether they are installed.
 * The cluster is started when returned: every node reports {@code cluster_state:ok} and
 * every replica is in sync. Nodes run without persistence and with a node timeout of one
 * second. Every wait is bounded by 30 seconds and fails with the end of the logs of the
 * nodes concerned. Processes still running when the JVM exits are killed.
 * <p>
 * Instances are not thread-safe, except for the methods that only query nodes, which open
 * a connection per call: these may be called from any thread, though not during
 * {@link #killMaster(int)} or {@link #close()}.
 *
 * @since 0.1.0
 */
public final class LocalRedisCluster implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LocalRedisCluster.class);

	private static final int NODE_COUNT = 6;

	private static final int REPLICA_COUNT = 3;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

	private static final String CREATE_LOG_FILE_NAME = "redis-cli-create.log";

	private final Path workDir = WorkDirectory.create();

	private final List<RedisNode> nodes = new ArrayList<>();

	private boolean closed;

	private LocalRedisCluster() {
	}

	/**
	 * Return whether this machine can run the cluster: whether {@code redis-server} and
	 * {@code redis-cli} of version 7 or later are installed.
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
		return TopologyExecutables.serverOrCliProblem();
	}

	/**
	 * Start six nodes, create a cluster of three masters with one replica each with
	 * {@code redis-cli --cluster create}, and wait until it is ready.
	 * @return the started cluster
	 * @throws IllegalStateException if this machine does not support the cluster, or the
	 * cluster is not ready in time
	 */
	public static LocalRedisCluster start() {
		Path server = TopologyExecutables.server();
		Path cli = TopologyExecutables.cli();
		LocalRedisCluster cluster = new LocalRedisCluster();
		try {
			cluster.startNodes(server);
			cluster.create(cli);
			Deadline.after(TIMEOUT)
				.awaitEach("every node to report cluster_state:ok and its replicas in sync", cluster.nodes,
						LocalRedisCluster::isReady);
		}
		catch (RuntimeException ex) {
			cluster.closeAfterFailure(ex);
			throw ex;
		}
		logger.info("Started Redis Cluster with nodes '" + cluster.nodes() + "'");
		return cluster;
	}

	private void startNodes(Path server) {
		for (int i = 0; i < NODE_COUNT; i++) {
			List<Integer> ports = Loopback.findFreePorts(2);
			this.nodes.add(RedisNode.start(server, ports.get(0), nodeArgs(ports.get(0), ports.get(1))));
		}
	}

	private static List<String> nodeArgs(int port, int busPort) {
		return List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
				"--cluster-node-timeout", "1000", "--cluster-port", String.valueOf(busPort),
				"--repl-diskless-sync-delay", "0");
	}

	private void create(Path cli) {
		List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
		command.addAll(nodes());
		command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
		ProgramRun.run(command, this.workDir.resolve(CREATE_LOG_FILE_NAME), CREATE_TIMEOUT);
	}

	private static boolean isReady(RedisNode node) {
		return knownReplicas(node) == REPLICA_COUNT && node.reports("cluster_state:ok", "CLUSTER", "INFO")
				&& (node.reports("role:master", "INFO", "replication")
						|| node.reports("master_link_status:up", "INFO", "replication"));
	}

	private static long knownReplicas(RedisNode node) {
		return String.valueOf(node.send("CLUSTER", "NODES"))
			.lines()
			.map((line) -> line.split(" ")[2])
			.filter((flags) -> List.of(flags.split(",")).contains("slave"))
			.count();
	}

	/**
	 * Return the addresses of all six nodes, {@code 127.0.0.1:<port>}, such as
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
	 * Return the port of the master that serves the slot of a key, as the first running
	 * node reports it.
	 * @param key the key
	 * @return the master port
	 * @throws UncheckedIOException if that node cannot be reached
	 */
	public int masterOf(String key) {
		RedisNode node = runningNodes().get(0);
		return masterOfSlot(node, (Long) node.send("CLUSTER", "KEYSLOT", key));
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
		RedisNode master = runningNodes().stream()
			.filter((node) -> node.port() == port && node.reports("role:master", "INFO", "replication"))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No running master listens on port '" + port + "'"));
		if (master.reports("connected_slaves:0", "INFO", "replication")) {
			throw new IllegalStateException("Master on port '" + port + "' has no replica to take its slots over");
		}
		long slot = firstSlotOf(master);
		master.kill();
		Deadline.after(TIMEOUT)
			.awaitEach("a replica to take the slots of port '" + port + "' over", runningNodes(),
					(node) -> hasTakenOver(node, slot, port));
		logger.info("Killed Redis Cluster master on port '" + port + "', port '" + masterOf(slot) + "' took over");
	}

	private boolean hasTakenOver(RedisNode node, long slot, int killedPort) {
		int owner = masterOfSlot(node, slot);
		return owner != killedPort && node.reports("cluster_state:ok", "CLUSTER", "INFO")
				&& node(owner).reports("role:master", "INFO", "replication");
	}

	private int masterOf(long slot) {
		return masterOfSlot(runningNodes().get(0), slot);
	}

	private static long firstSlotOf(RedisNode master) {
		for (Object range : master.sendForList("CLUSTER", "SLOTS")) {
			List<?> slots = (List<?>) range;
			if (portOf(slots.get(2)) == master.port()) {
				return (Long) slots.get(0);
			}
		}
		throw new IllegalStateException("Master on port '" + master.port() + "' serves no slot");
	}

	private static int masterOfSlot(RedisNode node, long slot) {
		for (Object range : node.sendForList("CLUSTER", "SLOTS")) {
			List<?> slots = (List<?>) range;
			if ((Long) slots.get(0) <= slot && slot <= (Long) slots.get(1)) {
				return portOf(slots.get(2));
			}
		}
		throw new IllegalStateException("Node on port '" + node.port() + "' knows no master for slot '" + slot + "'");
	}

	private static int portOf(Object node) {
		return ((Long) ((List<?>) node).get(1)).intValue();
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
		try {
			RedisNode.closeAll(this.nodes);
		}
		finally {
			WorkDirectory.delete(this.workDir);
		}
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
