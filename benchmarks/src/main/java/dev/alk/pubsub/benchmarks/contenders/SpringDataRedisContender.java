package dev.alk.pubsub.benchmarks.contenders;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Spring Data Redis as most services wire it: a {@link RedisMessageListenerContainer} and
 * a {@link StringRedisTemplate} with their defaults.
 */
public final class SpringDataRedisContender implements Contender {

	private final LettuceConnectionFactory connectionFactory;

	private final RedisMessageListenerContainer container;

	private final StringRedisTemplate template;

	public SpringDataRedisContender(int port) {
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(this.connectionFactory);
		this.container.afterPropertiesSet();
		this.container.start();
		this.template = new StringRedisTemplate(this.connectionFactory);
	}

	@Override
	public Listening listen(String topic, Consumer<Object> listener) {
		MessageListener messageListener = (message, pattern) -> listener.accept(message);
		ChannelTopic channel = ChannelTopic.of(topic);
		this.container.addMessageListener(messageListener, channel);
		return new Listening() {

			@Override
			public CompletableFuture<?> ready() {
				return CompletableFuture.completedFuture(null);
			}

			@Override
			public void close() {
				SpringDataRedisContender.this.container.removeMessageListener(messageListener, channel);
			}

		};
	}

	@Override
	public CompletableFuture<?> publish(String topic) {
		this.template.convertAndSend(topic, Payloads.message(topic));
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public void publishAndWait(String topic) {
		this.template.convertAndSend(topic, Payloads.message(topic));
	}

	@Override
	public void close() {
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		this.connectionFactory.destroy();
	}

}
