package dev.alk.pubsub.test;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link LocalRedisSentinel}.
 */
class LocalRedisSentinelTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@BeforeAll
	static void requireRedis7() {
		assumeTrue(LocalRedisSentinel.isSupported(), () -> LocalRedisSentinel.unsupportedReason().orElseThrow());
	}

	@Test
	void startsMasterWithReplicaWatchedByThreeSentinels() {
		try (LocalRedisSentinel sentinel = LocalRedisSentinel.start()) {
			List<Integer> dataPorts = sentinel.dataPorts();
			assertThat(sentinel.masterName()).isEqualTo("mymaster");
			assertThat(dataPorts).hasSize(2).doesNotHaveDuplicates();
			assertThat(sentinel.masterPort()).isEqualTo(dataPorts.get(0));
			assertThat(sentinel.command(dataPorts.get(0), "INFO", "replication")).contains("role:master");
			assertThat(sentinel.command(dataPorts.get(1), "INFO", "replication")).contains("role:slave",
					"master_port:" + dataPorts.get(0));
			assertThat(sentinel.sentinelPorts()).hasSize(3)
				.doesNotHaveDuplicates()
				.doesNotContainAnyElementsOf(dataPorts);
			for (int port : sentinel.sentinelPorts()) {
				assertThat(sentinel.command(port, "INFO", "server")).contains("redis_mode:sentinel");
				assertThat(sentinel.command(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
					.isEqualTo("[127.0.0.1, " + dataPorts.get(0) + "]");
			}
		}
	}

	@Test
	void replicatesWritesFromMasterToReplica() {
		try (LocalRedisSentinel sentinel = LocalRedisSentinel.start()) {
			int replicaPort = sentinel.dataPorts().get(1);
			assertThat(sentinel.command(sentinel.masterPort(), "SET", "greeting", "hello")).isEqualTo("OK");
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(sentinel.command(replicaPort, "GET", "greeting")).isEqualTo("hello"));
		}
	}

	@Test
	void failoverPromotesReplicaToMaster() {
		try (LocalRedisSentinel sentinel = LocalRedisSentinel.start()) {
			int formerMaster = sentinel.dataPorts().get(0);
			int formerReplica = sentinel.dataPorts().get(1);
			sentinel.failover();
			assertThat(sentinel.masterPort()).isEqualTo(formerReplica);
			assertThat(sentinel.command(formerReplica, "INFO", "replication")).contains("role:master");
			assertThat(sentinel.command(formerReplica, "SET", "greeting", "hello")).isEqualTo("OK");
			for (int port : sentinel.sentinelPorts()) {
				assertThat(sentinel.command(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
					.isEqualTo("[127.0.0.1, " + formerReplica + "]");
			}
			assertThat(sentinel.masterPort()).isNotEqualTo(formerMaster);
		}
	}

	@Test
	void rejectsCommandForPortOutsideTopology() {
		try (LocalRedisSentinel sentinel = LocalRedisSentinel.start()) {
			assertThatIllegalArgumentException().isThrownBy(() -> sentinel.command(1, "PING"))
				.withMessageContaining("'1'");
		}
	}

}
