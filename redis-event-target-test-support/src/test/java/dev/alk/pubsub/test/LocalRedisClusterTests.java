package dev.alk.pubsub.test;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link LocalRedisCluster}.
 */
class LocalRedisClusterTests {

	@BeforeAll
	static void requireRedis7() {
		assumeTrue(LocalRedisCluster.isSupported(), () -> LocalRedisCluster.unsupportedReason().orElseThrow());
	}

	@Test
	void startsThreeMastersWithOneReplicaEach() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
			List<Integer> masters = cluster.masterPorts();
			List<Integer> replicas = cluster.replicaPorts();
			assertThat(cluster.nodes()).hasSize(6)
				.doesNotHaveDuplicates()
				.allMatch((node) -> node.startsWith("127.0.0.1:"));
			assertThat(masters).hasSize(3).doesNotContainAnyElementsOf(replicas);
			assertThat(replicas).hasSize(3);
			List<String> addresses = new ArrayList<>();
			masters.forEach((port) -> addresses.add("127.0.0.1:" + port));
			replicas.forEach((port) -> addresses.add("127.0.0.1:" + port));
			assertThat(cluster.nodes()).containsExactlyInAnyOrderElementsOf(addresses);
			for (String node : cluster.nodes()) {
				int port = Integer.parseInt(node.substring(node.indexOf(':') + 1));
				assertThat(cluster.command(port, "CLUSTER", "INFO")).contains("cluster_state:ok",
						"cluster_known_nodes:6");
			}
			for (int replica : replicas) {
				assertThat(cluster.command(replica, "INFO", "replication")).contains("master_link_status:up");
			}
		}
	}

	@Test
	void routesKeyToMasterThatServesItsSlot() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
			int master = cluster.masterOf("greeting");
			int otherMaster = cluster.masterPorts().stream().filter((port) -> port != master).findFirst().orElseThrow();
			assertThat(cluster.masterPorts()).contains(master);
			assertThat(cluster.command(master, "SET", "greeting", "hello")).isEqualTo("OK");
			assertThat(cluster.command(master, "GET", "greeting")).isEqualTo("hello");
			assertThatIllegalStateException().isThrownBy(() -> cluster.command(otherMaster, "GET", "greeting"))
				.withMessageStartingWith("MOVED")
				.withMessageEndingWith("127.0.0.1:" + master);
			assertThatIllegalArgumentException().isThrownBy(() -> cluster.command(1, "PING"))
				.withMessageContaining("'1'");
		}
	}

	@Test
	void killMasterPromotesItsReplica() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
			int master = cluster.masterOf("greeting");
			cluster.killMaster(master);
			int promoted = cluster.masterOf("greeting");
			assertThat(promoted).isNotEqualTo(master);
			assertThat(cluster.masterPorts()).hasSize(3).contains(promoted).doesNotContain(master);
			assertThat(cluster.replicaPorts()).hasSize(2).doesNotContain(promoted);
			assertThat(cluster.command(promoted, "SET", "greeting", "hello")).isEqualTo("OK");
			for (int port : cluster.masterPorts()) {
				assertThat(cluster.command(port, "CLUSTER", "INFO")).contains("cluster_state:ok");
			}
			assertThat(cluster.nodes()).hasSize(6);
			assertThatIllegalStateException().isThrownBy(() -> cluster.killMaster(promoted))
				.withMessageContaining("no replica");
		}
	}

	@Test
	void startsOneMasterThatServesEverySlot() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start(1, 0)) {
			int master = cluster.masterPorts().get(0);
			assertThat(cluster.nodes()).containsExactly("127.0.0.1:" + master);
			assertThat(cluster.masterPorts()).hasSize(1);
			assertThat(cluster.replicaPorts()).isEmpty();
			assertThat(cluster.command(master, "CLUSTER", "INFO")).contains("cluster_state:ok",
					"cluster_slots_assigned:16384", "cluster_known_nodes:1");
			List<String> keys = List.of("alpha", "beta", "gamma");
			assertThat(keys.stream().map(cluster::slotOf)).doesNotHaveDuplicates();
			for (String key : keys) {
				assertThat(cluster.masterOf(key)).isEqualTo(master);
				assertThat(cluster.command(master, "SET", key, "value-of-" + key)).isEqualTo("OK");
				assertThat(cluster.command(master, "GET", key)).isEqualTo("value-of-" + key);
			}
		}
	}

	@Test
	void startsThreeMastersWithoutReplicas() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start(3, 0)) {
			assertThat(cluster.nodes()).hasSize(3);
			assertThat(cluster.masterPorts()).hasSize(3);
			assertThat(cluster.replicaPorts()).isEmpty();
			for (int port : cluster.masterPorts()) {
				assertThat(cluster.command(port, "CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_size:3",
						"cluster_slots_assigned:16384", "cluster_known_nodes:3");
			}
		}
	}

	@Test
	void startsMasterWithSeveralReplicas() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start(1, 2)) {
			int master = cluster.masterPorts().get(0);
			assertThat(cluster.masterPorts()).hasSize(1);
			assertThat(cluster.replicaPorts()).hasSize(2);
			assertThat(cluster.command(master, "INFO", "replication")).contains("connected_slaves:2");
			for (int replica : cluster.replicaPorts()) {
				assertThat(cluster.command(replica, "INFO", "replication")).contains("master_port:" + master,
						"master_link_status:up");
			}
		}
	}

	@Test
	void rejectsShapeWithoutMastersOrWithNegativeReplicas() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalRedisCluster.start(0, 1))
			.withMessageContaining("'0'");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalRedisCluster.start(1, -1))
			.withMessageContaining("'-1'");
	}

	@Test
	void moveSlotMovesEmptySlotToAnotherMaster() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
			int slot = cluster.slotOf("greeting");
			int from = cluster.masterOf("greeting");
			int to = cluster.masterPorts().stream().filter((port) -> port != from).findFirst().orElseThrow();
			cluster.moveSlot(slot, to);
			assertThat(cluster.masterOf("greeting")).isEqualTo(to);
			assertThat(cluster.command(to, "SET", "greeting", "hello")).isEqualTo("OK");
			for (String node : cluster.nodes()) {
				int port = Integer.parseInt(node.substring(node.indexOf(':') + 1));
				if (port != to) {
					assertThatIllegalStateException().isThrownBy(() -> cluster.command(port, "GET", "greeting"))
						.withMessage("MOVED " + slot + " 127.0.0.1:" + to);
				}
			}
			assertThat(cluster.command(from, "CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot))).isEqualTo("0");
		}
	}

	@Test
	void moveSlotRejectsSlotThatHoldsKeys() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start(2, 0)) {
			int slot = cluster.slotOf("greeting");
			int from = cluster.masterOf("greeting");
			int to = cluster.masterPorts().stream().filter((port) -> port != from).findFirst().orElseThrow();
			cluster.command(from, "SET", "greeting", "hello");
			assertThatIllegalStateException().isThrownBy(() -> cluster.moveSlot(slot, to))
				.withMessageContaining("'" + slot + "'")
				.withMessageContaining("keys");
			assertThat(cluster.masterOf("greeting")).isEqualTo(from);
			assertThat(cluster.command(from, "GET", "greeting")).isEqualTo("hello");
		}
	}

	@Test
	void moveSlotRejectsPortThatIsNotMasterOrSlotOutOfRange() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start(1, 1)) {
			int master = cluster.masterPorts().get(0);
			int replica = cluster.replicaPorts().get(0);
			assertThatIllegalArgumentException().isThrownBy(() -> cluster.moveSlot(0, replica))
				.withMessageContaining("'" + replica + "'");
			assertThatIllegalArgumentException().isThrownBy(() -> cluster.moveSlot(0, 1)).withMessageContaining("'1'");
			assertThatIllegalArgumentException().isThrownBy(() -> cluster.moveSlot(16384, master))
				.withMessageContaining("'16384'");
			assertThat(cluster.masterOf("greeting")).isEqualTo(master);
		}
	}

	@Test
	void rejectsKillingNodeThatIsNotMaster() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
			int replica = cluster.replicaPorts().get(0);
			assertThatIllegalArgumentException().isThrownBy(() -> cluster.killMaster(replica))
				.withMessageContaining("'" + replica + "'");
			assertThat(cluster.command(replica, "PING")).isEqualTo("PONG");
		}
	}

}
