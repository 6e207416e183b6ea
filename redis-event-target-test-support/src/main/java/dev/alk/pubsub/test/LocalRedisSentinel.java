package dev.alk.pubsub.test;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Redis master with one replica, watched by three Sentinels, all of them
 * {@code redis-server} processes on free loopback ports, for tests of clients that find
 * the master through Sentinel and follow a failover.
 * <p>
 * Requires {@code redis-server} 7 or later, found like the one of a {@link LocalRedis}
 * with a local binary; {@link #isSupported()} tells whether it is installed. The topology
 * is started when returned: the replica is in sync and every Sentinel knows the replica
 * and the other Sentinels. Data nodes run without persistence. Every wait is bounded by
 * 30 seconds and fails with the end of the logs of the nodes concerned. Processes still
 * running when the JVM exits are killed.
 * <p>
 * Instances are not thread-safe, except for {@link #command(int, String...)} and
 * {@link #masterPort()}, which open a connection per call: these may be called from any
 * thread, though not during {@link #close()}.
 *
 * @since 0.1.0
 */
public final class LocalRedisSentinel implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LocalRedisSentinel.class);

	private static final String MASTER_NAME = "mymaster";

	private static final int SENTINEL_COUNT = 3;

	private static final int QUORUM = 2;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final List<String> DATA_NODE_ARGS = List.of("--repl-diskless-sync-delay", "0");

	private final List<RedisNode> dataNodes = new ArrayList<>();

	private final List<RedisNode> sentinels = new ArrayList<>();

	private boolean closed;

	private LocalRedisSentinel() {
	}

	/**
	 * Return whether this machine can run the topology: whether a {@code redis-server} of
	 * version 7 or later is installed.
	 * @return whether the topology is supported
	 */
	public static boolean isSupported() {
		return unsupportedReason().isEmpty();
	}

	/**
	 * Return why this machine cannot run the topology, for a test to report when it
	 * skips.
	 * @return the reason, or empty when the topology is supported
	 */
	public static Optional<String> unsupportedReason() {
		return TopologyExecutables.serverProblem();
	}

	/**
	 * Start a master named {@code mymaster}, its replica and three Sentinels, and wait
	 * until the replica is in sync and the Sentinels know each other and the replica.
	 * @return the started topology
	 * @throws IllegalStateException if this machine does not support the topology, or a
	 * node does not reach that state in time
	 */
	public static LocalRedisSentinel start() {
		Path executable = TopologyExecutables.server();
		LocalRedisSentinel topology = new LocalRedisSentinel();
		try {
			topology.startDataNodes(executable);
			topology.startSentinels(executable);
		}
		catch (RuntimeException ex) {
			topology.closeAfterFailure(ex);
			throw ex;
		}
		logger.info("Started Redis Sentinel with data ports '" + topology.dataPorts() + "' and Sentinel ports '"
				+ topology.sentinelPorts() + "'");
		return topology;
	}

	private void startDataNodes(Path executable) {
		RedisNode master = RedisNode.start(executable, Loopback.findFreePort(), DATA_NODE_ARGS);
		this.dataNodes.add(master);
		List<String> replicaArgs = new ArrayList<>(DATA_NODE_ARGS);
		replicaArgs.addAll(List.of("--replicaof", Loopback.HOST, String.valueOf(master.port())));
		RedisNode replica = RedisNode.start(executable, Loopback.findFreePort(), replicaArgs);
		this.dataNodes.add(replica);
		Deadline.after(TIMEOUT)
			.awaitEach("the replica to be in sync with the master", List.of(replica),
					(node) -> node.reports("master_link_status:up", "INFO", "replication"));
	}

	private void startSentinels(Path executable) {
		String config = sentinelConfig(this.dataNodes.get(0).port());
		for (int i = 0; i < SENTINEL_COUNT; i++) {
			this.sentinels
				.add(RedisNode.startWithConfig(executable, Loopback.findFreePort(), config, List.of("--sentinel")));
		}
		Deadline.after(TIMEOUT)
			.awaitEach("every Sentinel to know the replica and the other Sentinels", this.sentinels,
					LocalRedisSentinel::knowsTopology);
	}

	private static String sentinelConfig(int masterPort) {
		return String.join("\n", "sentinel resolve-hostnames no",
				"sentinel monitor " + MASTER_NAME + " " + Loopback.HOST + " " + masterPort + " " + QUORUM,
				"sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
				"sentinel failover-timeout " + MASTER_NAME + " 5000", "");
	}

	private static boolean knowsTopology(RedisNode sentinel) {
		List<?> replicas = sentinel.sendForList("SENTINEL", "REPLICAS", MASTER_NAME);
		List<?> others = sentinel.sendForList("SENTINEL", "SENTINELS", MASTER_NAME);
		return others.size() == SENTINEL_COUNT - 1 && replicas.size() == 1 && isHealthyReplica(fields(replicas.get(0)));
	}

	private static boolean isHealthyReplica(Map<String, @Nullable Object> replica) {
		return "slave".equals(replica.get("flags")) && "ok".equals(replica.get("master-link-status"));
	}

	private static Map<String, @Nullable Object> fields(@Nullable Object namesAndValues) {
		List<?> elements = (namesAndValues instanceof List<?> list) ? list : List.of();
		Map<String, @Nullable Object> fields = new LinkedHashMap<>();
		for (int i = 0; i + 1 < elements.size(); i += 2) {
			fields.put(String.valueOf(elements.get(i)), elements.get(i + 1));
		}
		return fields;
	}

	/**
	 * Return the name the Sentinels monitor the master under, {@code mymaster}.
	 * @return the master name
	 */
	public String masterName() {
		return MASTER_NAME;
	}

	/**
	 * Return the loopback ports of the three Sentinels.
	 * @return the Sentinel ports
	 */
	public List<Integer> sentinelPorts() {
		return this.sentinels.stream().map(RedisNode::port).toList();
	}

	/**
	 * Return the loopback ports of both data nodes, the initial master first.
	 * @return the data node ports
	 */
	public List<Integer> dataPorts() {
		return this.dataNodes.stream().map(RedisNode::port).toList();
	}

	/**
	 * Return the port of the current master, as the first Sentinel reports it.
	 * @return the master port
	 * @throws UncheckedIOException if the Sentinel cannot be reached
	 */
	public int masterPort() {
		return reportedMasterPort(this.sentinels.get(0));
	}

	private static int reportedMasterPort(RedisNode sentinel) {
		List<?> address = sentinel.sendForList("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
		return Integer.parseInt(String.valueOf(address.get(1)));
	}

	/**
	 * Have a Sentinel fail the master over to the replica, and wait until every Sentinel
	 * reports the replica as master and it reports itself as master. The Sentinels make
	 * the former master a replica of the new one a few seconds later.
	 * @throws IllegalStateException if the failover does not complete in time
	 */
	public void failover() {
		int previousPort = masterPort();
		RedisNode next = this.dataNodes.stream()
			.filter((node) -> node.port() != previousPort)
			.findFirst()
			.orElseThrow();
		Deadline deadline = Deadline.after(TIMEOUT);
		deadline.awaitEach("a Sentinel to accept a failover", List.of(this.sentinels.get(0)),
				LocalRedisSentinel::requestFailover);
		deadline.awaitEach("every Sentinel to report port '" + next.port() + "' as master", this.sentinels,
				(sentinel) -> reportedMasterPort(sentinel) == next.port());
		deadline.awaitEach("port '" + next.port() + "' to be master", List.of(next),
				(node) -> node.reports("role:master", "INFO", "replication"));
		logger.info("Failed Redis Sentinel master over from port '" + previousPort + "' to '" + next.port() + "'");
	}

	private static boolean requestFailover(RedisNode sentinel) {
		try {
			sentinel.send("SENTINEL", "FAILOVER", MASTER_NAME);
			return true;
		}
		catch (IllegalStateException ex) {
			// NOGOODSLAVE until the Sentinel has seen the replica in sync, so the request
			// is retried until the deadline
			return String.valueOf(ex.getMessage()).startsWith("INPROG");
		}
	}

	/**
	 * Send one command to a data node or Sentinel and return its reply as text, like
	 * {@link LocalRedis#command(String...)}.
	 * @param port the port of the node
	 * @param args the command and its arguments
	 * @return the reply as text
	 * @throws IllegalArgumentException if no node of this topology listens on the port
	 * @throws IllegalStateException if the node replies with an error
	 * @throws UncheckedIOException if the node cannot be reached
	 */
	public String command(int port, String... args) {
		RedisNode node = Stream.concat(this.dataNodes.stream(), this.sentinels.stream())
			.filter((candidate) -> candidate.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node of this topology listens on port '" + port + "'"));
		return String.valueOf(node.send(args));
	}

	/**
	 * Stop the Sentinels, then the data nodes, and delete their working directories.
	 * Calling it again has no effect.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		List<RedisNode> dataNodes = new ArrayList<>(this.dataNodes);
		Collections.reverse(dataNodes);
		RedisNode.closeAll(Stream.concat(this.sentinels.stream(), dataNodes.stream()).toList());
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
