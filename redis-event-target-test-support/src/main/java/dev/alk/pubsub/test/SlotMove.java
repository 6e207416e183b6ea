package dev.alk.pubsub.test;

import java.util.List;

/**
 * Move of an empty hash slot of a local Redis Cluster from one master to another with the
 * {@code CLUSTER SETSLOT} steps of a resharding, which has no keys to migrate for an
 * empty slot.
 * <p>
 * Thread-safe, though moves of the same slot must not run concurrently.
 */
final class SlotMove {

	private SlotMove() {
	}

	/**
	 * Mark the slot importing on the target and migrating on the source, then assign it
	 * to the target on the target, the source and the other masters, in that order. The
	 * other nodes learn of the new master from them.
	 * @param slot the slot
	 * @param source the master that serves the slot
	 * @param target the master that is to serve the slot
	 * @param otherMasters the other running masters
	 * @throws IllegalStateException if the slot holds keys or a node rejects a command
	 */
	static void move(int slot, RedisNode source, RedisNode target, List<RedisNode> otherMasters) {
		String slotArg = String.valueOf(slot);
		long keys = (Long) source.send("CLUSTER", "COUNTKEYSINSLOT", slotArg);
		if (keys > 0) {
			throw new IllegalStateException("Slot '" + slot + "' on port '" + source.port() + "' holds '" + keys
					+ "' keys, only an empty slot can be moved");
		}
		String sourceId = ClusterView.idOf(source);
		String targetId = ClusterView.idOf(target);
		target.send("CLUSTER", "SETSLOT", slotArg, "IMPORTING", sourceId);
		source.send("CLUSTER", "SETSLOT", slotArg, "MIGRATING", targetId);
		target.send("CLUSTER", "SETSLOT", slotArg, "NODE", targetId);
		source.send("CLUSTER", "SETSLOT", slotArg, "NODE", targetId);
		otherMasters.forEach((master) -> master.send("CLUSTER", "SETSLOT", slotArg, "NODE", targetId));
	}

}
