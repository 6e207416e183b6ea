package dev.alk.pubsub.test;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * What a node of a local Redis Cluster reports about the cluster: its own id, the nodes
 * it knows and which master serves each hash slot.
 * <p>
 * Every method sends its commands on a connection of its own. Thread-safe.
 */
final class ClusterView {

	private ClusterView() {
	}

	/**
	 * Return the id of a node.
	 * @param node the node
	 * @return the id
	 * @throws UncheckedIOException if the node cannot be reached
	 */
	static String idOf(RedisNode node) {
		return String.valueOf(node.send("CLUSTER", "MYID"));
	}

	/**
	 * Return the port of a node's cluster bus.
	 * @param node the node
	 * @return the bus port
	 * @throws UncheckedIOException if the node cannot be reached
	 */
	static int busPortOf(RedisNode node) {
		return Integer.parseInt(String.valueOf(node.sendForList("CONFIG", "GET", "cluster-port").get(1)));
	}

	/**
	 * Return whether a node knows the given number of nodes, itself included, and has
	 * completed the handshake with each of them.
	 * @param node the node
	 * @param count the number of nodes
	 * @return whether the node knows them
	 * @throws UncheckedIOException if the node cannot be reached
	 */
	static boolean knowsNodes(RedisNode node, int count) {
		List<List<String>> flags = flagsOfKnownNodes(node);
		return flags.size() == count && flags.stream().noneMatch((nodeFlags) -> nodeFlags.contains("handshake"));
	}

	/**
	 * Return how many replicas a node knows of.
	 * @param node the node
	 * @return the number of replicas
	 * @throws UncheckedIOException if the node cannot be reached
	 */
	static long knownReplicas(RedisNode node) {
		return flagsOfKnownNodes(node).stream().filter((nodeFlags) -> nodeFlags.contains("slave")).count();
	}

	private static List<List<String>> flagsOfKnownNodes(RedisNode node) {
		return String.valueOf(node.send("CLUSTER", "NODES"))
			.lines()
			.map((line) -> Arrays.asList(line.split(" ")[2].split(",")))
			.toList();
	}

	/**
	 * Return the port of the master that serves a slot, as a node reports it.
	 * @param node the node
	 * @param slot the slot
	 * @return the master port
	 * @throws UncheckedIOException if the node cannot be reached
	 * @throws IllegalStateException if the node knows no master for the slot
	 */
	static int masterOfSlot(RedisNode node, int slot) {
		for (Object range : node.sendForList("CLUSTER", "SLOTS")) {
			List<?> slots = (List<?>) range;
			if ((Long) slots.get(0) <= slot && slot <= (Long) slots.get(1)) {
				return portOf(slots.get(2));
			}
		}
		throw new IllegalStateException("Node on port '" + node.port() + "' knows no master for slot '" + slot + "'");
	}

	/**
	 * Return the first slot that a master serves, as the master reports it.
	 * @param master the master
	 * @return the slot
	 * @throws UncheckedIOException if the master cannot be reached
	 * @throws IllegalStateException if the master serves no slot
	 */
	static int firstSlotOf(RedisNode master) {
		for (Object range : master.sendForList("CLUSTER", "SLOTS")) {
			List<?> slots = (List<?>) range;
			if (portOf(slots.get(2)) == master.port()) {
				return ((Long) slots.get(0)).intValue();
			}
		}
		throw new IllegalStateException("Master on port '" + master.port() + "' serves no slot");
	}

	private static int portOf(Object node) {
		return ((Long) ((List<?>) node).get(1)).intValue();
	}

}
