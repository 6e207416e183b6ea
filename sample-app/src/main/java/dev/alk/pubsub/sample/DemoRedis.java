package dev.alk.pubsub.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.alk.pubsub.test.LocalRedis;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Makes sure a Redis answers for the demo: the one at
 * {@code REDIS_HOST}/{@code REDIS_PORT} (default 127.0.0.1:6379) if it answers, else a
 * {@code redis-server} started for the demo only, else the Redis binary shipped with
 * embedded-redis, also for the demo only.
 *
 * @since 0.1.0
 */
final class DemoRedis implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DemoRedis.class);

	private final String host;

	private final int port;

	private final @Nullable LocalRedis started;

	private DemoRedis(String host, int port, @Nullable LocalRedis started) {
		this.host = host;
		this.port = port;
		this.started = started;
	}

	static DemoRedis ensure() {
		String host = System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1");
		int port = Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379"));
		if (answersPing(host, port)) {
			logger.info("Using the Redis that answers at '%s:%d'".formatted(host, port));
			return new DemoRedis(host, port, null);
		}
		LocalRedis redis = startLocal();
		logger.info("No Redis answered at '%s:%d'; started %s on port '%d' for this demo only; it stops with the demo"
			.formatted(host, port, describe(redis.backend()), redis.port()));
		return new DemoRedis(redis.host(), redis.port(), redis);
	}

	/**
	 * Return the given application arguments followed by the ones that point the
	 * application at this Redis.
	 * @param args the application arguments
	 * @return the arguments with the Redis address
	 */
	String[] arguments(String... args) {
		String[] all = Arrays.copyOf(args, args.length + 2);
		all[args.length] = "--spring.data.redis.host=" + this.host;
		all[args.length + 1] = "--spring.data.redis.port=" + this.port;
		return all;
	}

	/**
	 * Keep the Redis started for the demo until the application context closes.
	 * @param context the application context
	 */
	void keepFor(ConfigurableApplicationContext context) {
		context.addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent) {
				close();
			}
		});
	}

	@Override
	public void close() {
		if (this.started != null) {
			this.started.close();
			logger.info("Stopped the Redis started for this demo");
		}
	}

	private static LocalRedis startLocal() {
		try {
			return LocalRedis.builder().backend(LocalRedis.Backend.LOCAL_BINARY).start();
		}
		catch (RuntimeException ex) {
			logger.info("No usable redis-server on PATH (%s)".formatted(ex.getMessage()));
			return LocalRedis.builder().backend(LocalRedis.Backend.EMBEDDED_BINARY).start();
		}
	}

	private static String describe(LocalRedis.Backend backend) {
		return (backend == LocalRedis.Backend.LOCAL_BINARY) ? "redis-server from PATH"
				: "the Redis binary shipped with embedded-redis";
	}

	private static boolean answersPing(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			socket.setSoTimeout(500);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] reply = socket.getInputStream().readNBytes(5);
			return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

}
