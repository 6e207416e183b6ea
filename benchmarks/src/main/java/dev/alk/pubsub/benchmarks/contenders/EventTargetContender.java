package dev.alk.pubsub.benchmarks.contenders;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.alk.pubsub.EventSubscription;
import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.redis.autoconfigure.RedisEventTargetAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The event target, created by its auto-configuration in a minimal application context,
 * with listeners called on delivery threads (the default) or directly on the I/O thread.
 */
public final class EventTargetContender implements Contender {

	private final AutoCloseable resources;

	private final TypedEventTarget target;

	public EventTargetContender(int port, boolean directDelivery) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.bannerMode(org.springframework.boot.Banner.Mode.OFF)
			.run("--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + port,
					"--alk.pubsub.redis.direct-delivery=" + directDelivery, "--logging.level.root=warn");
		this.resources = context;
		this.target = context.getBean(TypedEventTarget.class);
	}

	/**
	 * Use an event target that was created elsewhere.
	 * @param target the target
	 * @param resources closed when this contender is closed
	 */
	public EventTargetContender(TypedEventTarget target, AutoCloseable resources) {
		this.target = target;
		this.resources = resources;
	}

	@Override
	public Listening listen(String topic, Consumer<Object> listener) {
		EventSubscription subscription = this.target.addEventListener(topic, listener::accept);
		return new Listening() {

			@Override
			public CompletableFuture<?> ready() {
				return subscription.ready();
			}

			@Override
			public void close() {
				subscription.close();
			}

		};
	}

	@Override
	public CompletableFuture<?> publish(String topic) {
		return this.target.dispatchEvent(new TypedEvent(topic, Payloads.envelope(topic)));
	}

	@Override
	public void publishAndWait(String topic) throws Exception {
		publish(topic).get();
	}

	@Override
	public void close() {
		try {
			this.resources.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Closing the event target failed", ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
			RedisEventTargetAutoConfiguration.class })
	static class Application {

	}

}
