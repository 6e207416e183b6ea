package dev.alk.pubsub.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.alk.pubsub.test.LocalRedisCluster;

/**
 * Holds every master of a local cluster to a share of one core with a CPU quota of the
 * Linux cgroup v1 {@code cpu} controller, so that on a machine with few cores each master
 * has a fixed budget of its own, as it would on a machine of its own, and the server
 * rather than the client bounds the delivery rate. Needs write access to {@value #ROOT};
 * closing moves the masters back and removes the groups.
 */
final class MasterCpuQuota implements AutoCloseable {

	private static final String ROOT = "/sys/fs/cgroup/cpu";

	private static final long PERIOD_MICROS = 20_000;

	private static final long MIN_QUOTA_MICROS = 1_000;

	private final List<Path> groups = new ArrayList<>();

	private final List<String> pids = new ArrayList<>();

	private MasterCpuQuota() {
	}

	/**
	 * Return why quotas cannot be set here, if they cannot.
	 * @return the reason, or empty if they can
	 */
	static Optional<String> unsupportedReason() {
		Path procs = Path.of(ROOT, "cgroup.procs");
		if (!Files.isWritable(procs) || !Files.isWritable(Path.of(ROOT))) {
			return Optional.of("it needs write access to the cgroup v1 cpu controller at " + ROOT);
		}
		return Optional.empty();
	}

	/**
	 * Hold each master of a cluster to a share of one core.
	 * @param cluster the cluster
	 * @param cores the share of one core for each master, above 0
	 * @return the quotas, to be closed when the run is over
	 * @throws UncheckedIOException if a group cannot be created or joined
	 */
	static MasterCpuQuota hold(LocalRedisCluster cluster, double cores) {
		MasterCpuQuota quota = new MasterCpuQuota();
		try {
			for (int port : cluster.masterPorts()) {
				String pid = RedisInfo.field(cluster.command(port, "INFO", "server"), "process_id");
				quota.add(port, pid, Math.max(MIN_QUOTA_MICROS, Math.round(cores * PERIOD_MICROS)));
			}
			return quota;
		}
		catch (IOException ex) {
			quota.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			quota.close();
			throw ex;
		}
	}

	private void add(int port, String pid, long quotaMicros) throws IOException {
		Path group = Files.createDirectories(Path.of(ROOT, "redis-event-target-benchmark-" + port));
		this.groups.add(group);
		Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
		Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros));
		Files.writeString(group.resolve("cgroup.procs"), pid);
		this.pids.add(pid);
	}

	/**
	 * Move the masters back to the root group and remove the groups.
	 */
	@Override
	public void close() {
		for (String pid : this.pids) {
			try {
				Files.writeString(Path.of(ROOT, "cgroup.procs"), pid);
			}
			catch (IOException ex) {
				// the process has ended, and left its group with it
			}
		}
		for (Path group : this.groups) {
			try {
				Files.deleteIfExists(group);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		this.pids.clear();
		this.groups.clear();
	}

}
