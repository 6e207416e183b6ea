package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.alk.pubsub.EventPublishException;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.util.ClassUtils;

/**
 * Publishes messages through a {@link RedisTemplate template}, with {@code PUBLISH} or,
 * in sharded mode, {@code SPUBLISH}. With Lettuce the publish is sent on the template's
 * shared connection without blocking the caller; with other drivers it blocks, and
 * sharded mode needs Lettuce. Every publish completes within the timeout (give or take
 * the sweep interval of its {@link Deadlines}); one that timed out is cancelled, so it is
 * not sent later. Thread-safe.
 */
final class ChannelPublisher {

	private static final boolean LETTUCE_PRESENT = ClassUtils
		.isPresent("io.lettuce.core.api.async.BaseRedisAsyncCommands", ChannelPublisher.class.getClassLoader());

	private final RedisTemplate<?, ?> template;

	private final Duration timeout;

	private final Deadlines deadlines;

	private final EventCounters counters;

	private final boolean sharded;

	ChannelPublisher(RedisTemplate<?, ?> template, boolean sharded, Duration timeout, EventCounters counters) {
		this.template = template;
		this.sharded = sharded;
		this.timeout = timeout;
		this.deadlines = new Deadlines(timeout);
		this.counters = counters;
	}

	Deadlines deadlines() {
		return this.deadlines;
	}

	CompletableFuture<Long> publish(String channel, byte[] channelBytes, byte[] message) {
		CompletableFuture<Long> result = new CompletableFuture<>();
		CompletableFuture<Long> sent = send(channelBytes, message);
		sent.whenComplete((receivers, failure) -> settle(result, receivers,
				(failure != null) ? failure(channel, failure) : null));
		if (!result.isDone()) {
			this.deadlines.watch(result, () -> expire(channel, result, sent));
		}
		return result;
	}

	private void expire(String channel, CompletableFuture<Long> result, CompletableFuture<Long> sent) {
		if (settle(result, null, new EventPublishException(
				"Publishing to channel '%s' timed out after %s".formatted(channel, this.timeout)))) {
			sent.cancel(false);
		}
	}

	/**
	 * Count the outcome, then complete the future with it, unless it is complete already.
	 * Counting first means a caller that sees the outcome also sees it counted.
	 */
	private boolean settle(CompletableFuture<Long> result, @Nullable Long receivers,
			@Nullable EventPublishException failure) {
		synchronized (result) {
			if (result.isDone()) {
				return false;
			}
			if (failure != null) {
				this.counters.publishFailures.increment();
				return result.completeExceptionally(failure);
			}
			this.counters.published.increment();
			return result.complete(receivers);
		}
	}

	private CompletableFuture<Long> send(byte[] channel, byte[] message) {
		try {
			CompletableFuture<Long> sent = this.template.execute(
					(RedisCallback<CompletableFuture<Long>>) (connection) -> send(connection, channel, message), true);
			return (sent != null) ? sent : CompletableFuture.failedFuture(new IllegalStateException("No reply"));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private CompletableFuture<Long> send(RedisConnection connection, byte[] channel, byte[] message) {
		if (LETTUCE_PRESENT) {
			CompletableFuture<Long> sent = LettuceSender.send(connection.getNativeConnection(), this.sharded, channel,
					message);
			if (sent != null) {
				return sent;
			}
		}
		if (this.sharded) {
			throw new IllegalStateException("Sharded pub/sub needs a Lettuce connection");
		}
		return CompletableFuture.completedFuture(connection.publish(channel, message));
	}

	private static EventPublishException failure(String channel, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return new EventPublishException("Publishing to channel '%s' failed: %s".formatted(channel, describe(cause)),
				cause);
	}

	private static String describe(Throwable failure) {
		StringBuilder description = new StringBuilder(String.valueOf(failure.getMessage()));
		Throwable cause = failure.getCause();
		for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
			if (cause.getMessage() != null && description.indexOf(cause.getMessage()) < 0) {
				description.append(": ").append(cause.getMessage());
			}
		}
		return description.toString();
	}

	private static final class LettuceSender {

		@SuppressWarnings("unchecked")
		static @Nullable CompletableFuture<Long> send(Object nativeConnection, boolean sharded, byte[] channel,
				byte[] message) {
			if (nativeConnection instanceof BaseRedisAsyncCommands<?, ?> commands) {
				BaseRedisAsyncCommands<byte[], byte[]> bytes = (BaseRedisAsyncCommands<byte[], byte[]>) commands;
				return (sharded ? bytes.spublish(channel, message) : bytes.publish(channel, message))
					.toCompletableFuture();
			}
			return null;
		}

	}

}
