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
	void rejectsKillingNodeThatIsNotMaster() {
		try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
			int replica = cluster.replicaPorts().get(0);
			assertThatIllegalArgumentException().isThrownBy(() -> cluster.killMaster(replica))
				.withMessageContaining("'" + replica + "'");
			assertThat(cluster.command(replica, "PING")).isEqualTo("PONG");
		}
	}

}
