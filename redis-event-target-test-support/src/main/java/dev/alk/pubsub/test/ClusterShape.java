package dev.alk.pubsub.test;

/**
 * Number of masters of a local Redis Cluster and of replicas of each, and how the nodes
 * and hash slots are laid out among them.
 * <p>
 * Nodes are numbered from zero: the first {@code masters} nodes are the masters, and
 * every other node replicates the master whose number is its own modulo {@code masters}.
 * Each master serves an even share of the slots, in order.
 *
 * @param masters the number of masters, from 1 to {@value #SLOT_COUNT}
 * @param replicasPerMaster the number of replicas of each master, zero or more
 */
record ClusterShape(int masters, int replicasPerMaster) {

	/**
	 * Number of hash slots of a Redis Cluster.
	 */
	static final int SLOT_COUNT = 16384;

	ClusterShape {
		if (masters < 1 || masters > SLOT_COUNT) {
			throw new IllegalArgumentException(
					"Masters must be between 1 and " + SLOT_COUNT + " but was '" + masters + "'");
		}
		if (replicasPerMaster < 0) {
			throw new IllegalArgumentException(
					"Replicas per master must not be negative but was '" + replicasPerMaster + "'");
		}
	}

	int nodeCount() {
		return this.masters * (1 + this.replicasPerMaster);
	}

	int replicaCount() {
		return this.masters * this.replicasPerMaster;
	}

	int masterOf(int replica) {
		return replica % this.masters;
	}

	int firstSlot(int master) {
		return master * SLOT_COUNT / this.masters;
	}

	int lastSlot(int master) {
		return (master + 1) * SLOT_COUNT / this.masters - 1;
	}

}
