package dev.alk.pubsub.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Redis 7 sharded pub/sub on a Redis Cluster: each channel is subscribed with
 * {@code SSUBSCRIBE} on the master that owns its slot, over one connection per master.
 * <p>
 * Lettuce connects to the masters, but a sharded subscription stays on the node it was
 * sent to. So each channel is placed on a master here, and moved when its slot gets
 * another owner: when Redis unsubscribes the channel because its slot moved, when the
 * cluster topology shows the slot on another master, and, after the connection to its
 * master is lost, once a topology refresh shows who took over. A message counts only when
 * it comes from the master where its channel is placed, so a channel delivers each
 * message once while it moves.
 */
final class ShardedSubscriptions implements ChannelSubscriptions {

	private static final Log logger = LogFactory.getLog(ShardedSubscriptions.class);

	private static final long MAINTENANCE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final RedisClusterClient client;

	private final ChannelRouter router;

	private final Duration timeout;

	private final Runnable maintainSoon;

	private final Map<String, String> placements = new ConcurrentHashMap<>();

	private final Set<String> displaced = ConcurrentHashMap.newKeySet();

	private final Map<String, Shard> shards = new ConcurrentHashMap<>();

	private String[] owners = new String[SlotHash.SLOT_COUNT];

	private @Nullable StatefulRedisClusterPubSubConnection<byte[], byte[]> connection;

	/**
	 * Create sharded subscriptions.
	 * @param client the client of the cluster
	 * @param router the router of incoming messages
	 * @param timeout the time to wait for Redis to confirm a change
	 * @param maintainSoon called when Redis dropped a subscription, to have
	 * {@link #maintain()} called soon
	 */
	ShardedSubscriptions(RedisClusterClient client, ChannelRouter router, Duration timeout, Runnable maintainSoon) {
		this.client = client;
		this.router = router;
		this.timeout = timeout;
		this.maintainSoon = maintainSoon;
	}

	/**
	 * Subscribe channels on the masters that own their slots. Channels that are not all
	 * confirmed are released again, so none stays behind when their topic loses its
	 * listeners before a retry.
	 */
	@Override
	public void subscribe(List<String> channels) {
		try {
			place(channels);
		}
		catch (RuntimeException ex) {
			unplace(channels).forEach(this::release);
			throw ex;
		}
	}

	/**
	 * Unsubscribe channels on the masters where they are placed. Channels that are not
	 * all confirmed stay placed, so that the coordinator's retry sends their unsubscribe
	 * again.
	 */
	@Override
	public void unsubscribe(List<String> channels) {
		Map<String, List<String>> byShard = unplace(channels);
		List<CompletableFuture<Void>> confirmations = new ArrayList<>();
		byShard.forEach((nodeId, released) -> confirmations.addAll(release(nodeId, released)));
		try {
			await(confirmations, "Unsubscribing");
		}
		catch (RuntimeException ex) {
			byShard.forEach(
					(nodeId, released) -> released.forEach((channel) -> this.placements.putIfAbsent(channel, nodeId)));
			throw ex;
		}
	}

	/**
	 * Return how many channels wait to be subscribed again: those that Redis dropped, and
	 * those placed on a master whose connection is lost.
	 * @return the number of channels
	 */
	@Override
	public int dropped() {
		Set<String> lost = new HashSet<>();
		this.shards.forEach((nodeId, shard) -> {
			if (shard.isDisconnected()) {
				lost.add(nodeId);
			}
		});
		int dropped = this.displaced.size();
		if (!lost.isEmpty()) {
			for (String nodeId : this.placements.values()) {
				dropped += lost.contains(nodeId) ? 1 : 0;
			}
		}
		return dropped;
	}

	private void place(List<String> channels) {
		Partitions partitions = connection().getPartitions();
		Map<String, List<String>> byOwner = new LinkedHashMap<>();
		for (String channel : channels) {
			RedisClusterNode owner = partitions.getMasterBySlot(slot(channel));
			if (owner == null) {
				throw new IllegalStateException("No master serves the slot of channel '%s'".formatted(channel));
			}
			byOwner.computeIfAbsent(owner.getNodeId(), (key) -> new ArrayList<>()).add(channel);
		}
		List<CompletableFuture<Void>> confirmations = new ArrayList<>();
		byOwner.forEach((nodeId, placed) -> {
			Shard shard = shard(nodeId);
			for (String channel : placed) {
				String previous = this.placements.put(channel, nodeId);
				if (previous != null && !previous.equals(nodeId)) {
					release(previous, List.of(channel));
				}
			}
			confirmations.addAll(shard.send(placed, true));
		});
		await(confirmations, "Subscribing");
	}

	private Map<String, List<String>> unplace(List<String> channels) {
		Map<String, List<String>> byShard = new LinkedHashMap<>();
		for (String channel : channels) {
			String nodeId = this.placements.remove(channel);
			if (nodeId != null) {
				byShard.computeIfAbsent(nodeId, (key) -> new ArrayList<>()).add(channel);
			}
		}
		return byShard;
	}

	/**
	 * Move the channels whose slot has another owner now. When Redis dropped channels, or
	 * the connection to a master that owns slots is lost, the cluster topology is
	 * refreshed first; after a failover, that shows the master that took over.
	 */
	@Override
	public long maintain() {
		if (this.connection == null) {
			return MAINTENANCE_INTERVAL_NANOS;
		}
		if (!this.displaced.isEmpty() || this.shards.values().stream().anyMatch(this::isLostOwner)) {
			CompletableFuture<Void> refresh = this.client.refreshPartitionsAsync().toCompletableFuture();
			if (!this.displaced.isEmpty()) {
				await(List.of(refresh), "Refreshing the cluster topology");
			}
		}
		String[] current = owners(this.connection.getPartitions());
		if (!Arrays.equals(current, this.owners)) {
			this.placements.forEach((channel, nodeId) -> {
				if (!nodeId.equals(current[slot(channel)])) {
					this.displaced.add(channel);
				}
			});
			this.owners = current;
		}
		List<String> moving = new ArrayList<>(this.displaced);
		this.displaced.removeAll(moving);
		moving.removeIf((channel) -> !this.placements.containsKey(channel));
		if (!moving.isEmpty()) {
			logger.info("Moving '%d' sharded subscriptions to the masters that own their slots now"
				.formatted(moving.size()));
			try {
				place(moving);
			}
			catch (RuntimeException ex) {
				this.displaced.addAll(moving);
				throw ex;
			}
		}
		return MAINTENANCE_INTERVAL_NANOS;
	}

	private boolean isLostOwner(Shard shard) {
		return shard.isDisconnected() && Arrays.asList(this.owners).contains(shard.nodeId);
	}

	/**
	 * Unsubscribe every channel, then close the connections.
	 */
	@Override
	public void close() {
		try {
			unsubscribe(new ArrayList<>(this.placements.keySet()));
		}
		finally {
			if (this.connection != null) {
				this.connection.close();
			}
		}
	}

	private StatefulRedisClusterPubSubConnection<byte[], byte[]> connection() {
		if (this.connection == null) {
			this.connection = this.client.connectPubSub(ByteArrayCodec.INSTANCE);
			this.owners = owners(this.connection.getPartitions());
		}
		return this.connection;
	}

	private Shard shard(String nodeId) {
		StatefulRedisPubSubConnection<byte[], byte[]> nodeConnection = connection().getConnection(nodeId);
		Shard shard = this.shards.get(nodeId);
		if (shard == null || shard.connection != nodeConnection) {
			shard = new Shard(nodeId, nodeConnection);
			nodeConnection.addListener(shard);
			this.shards.put(nodeId, shard);
		}
		return shard;
	}

	private List<CompletableFuture<Void>> release(String nodeId, List<String> channels) {
		Shard shard = this.shards.get(nodeId);
		if (shard == null) {
			return List.of();
		}
		List<CompletableFuture<Void>> confirmations = shard.send(channels, false);
		return shard.isDisconnected() ? List.of() : confirmations;
	}

	private void await(List<CompletableFuture<Void>> confirmations, String action) {
		try {
			CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisException(action + " was interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw new RedisException(action + " failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new RedisException(action + " was not confirmed within " + this.timeout, ex);
		}
	}

	private static String[] owners(Partitions partitions) {
		String[] owners = new String[SlotHash.SLOT_COUNT];
		for (int slot = 0; slot < owners.length; slot++) {
			RedisClusterNode owner = partitions.getMasterBySlot(slot);
			owners[slot] = (owner != null) ? owner.getNodeId() : null;
		}
		return owners;
	}

	private static int slot(String channel) {
		return SlotHash.getSlot(channel.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The connection to one master, and the listener of its messages.
	 */
	private final class Shard extends RedisPubSubAdapter<byte[], byte[]> {

		private final String nodeId;

		private final StatefulRedisPubSubConnection<byte[], byte[]> connection;

		Shard(String nodeId, StatefulRedisPubSubConnection<byte[], byte[]> connection) {
			this.nodeId = nodeId;
			this.connection = connection;
		}

		/**
		 * Send one {@code SSUBSCRIBE} or {@code SUNSUBSCRIBE} for each slot of the
		 * channels, since a command may name channels of one slot only.
		 */
		List<CompletableFuture<Void>> send(List<String> channels, boolean subscribe) {
			Map<Integer, List<byte[]>> bySlot = new LinkedHashMap<>();
			for (String channel : channels) {
				byte[] name = channel.getBytes(StandardCharsets.UTF_8);
				bySlot.computeIfAbsent(SlotHash.getSlot(name), (key) -> new ArrayList<>()).add(name);
			}
			List<CompletableFuture<Void>> confirmations = new ArrayList<>(bySlot.size());
			for (List<byte[]> names : bySlot.values()) {
				byte[][] keys = names.toArray(byte[][]::new);
				confirmations.add((subscribe ? this.connection.async().ssubscribe(keys)
						: this.connection.async().sunsubscribe(keys))
					.toCompletableFuture());
			}
			return confirmations;
		}

		boolean isDisconnected() {
			return !this.connection.isOpen();
		}

		@Override
		public void smessage(byte[] channel, byte[] message) {
			String name = new String(channel, StandardCharsets.UTF_8);
			if (this.nodeId.equals(ShardedSubscriptions.this.placements.get(name))) {
				ShardedSubscriptions.this.router.route(name, message);
			}
			else {
				ShardedSubscriptions.this.router.discard();
			}
		}

		@Override
		public void sunsubscribed(byte[] channel, long count) {
			String name = new String(channel, StandardCharsets.UTF_8);
			if (this.nodeId.equals(ShardedSubscriptions.this.placements.get(name))) {
				ShardedSubscriptions.this.displaced.add(name);
				ShardedSubscriptions.this.maintainSoon.run();
			}
		}

	}

}
