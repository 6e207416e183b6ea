package dev.alk.pubsub.redis.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.alk.pubsub.EventEnvelope;
import dev.alk.pubsub.EventSerializer;
import dev.alk.pubsub.JacksonEventSerializer;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.redis.RedisEventTarget;
import dev.alk.pubsub.redis.RedisEventTargetSettings;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link RedisEventTargetAutoConfiguration}.
 */
class RedisEventTargetAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				RedisEventTargetAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1");

	@Test
	void createsTheEventTargetWithItsOwnContainerAndTemplate() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TypedEventTarget.class);
			assertThat(context).hasSingleBean(RedisEventTarget.class);
			assertThat(context).hasSingleBean(JacksonEventSerializer.class);
			assertThat(context).getBean(RedisEventTargetAutoConfiguration.LISTENER_CONTAINER_BEAN_NAME)
				.isInstanceOf(RedisMessageListenerContainer.class);
			assertThat(context).getBean(RedisEventTargetAutoConfiguration.TEMPLATE_BEAN_NAME)
				.isInstanceOf(StringRedisTemplate.class);
		});
	}

	@Test
	void backsOffWithoutRedisConnectionFactory() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RedisEventTargetAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TypedEventTarget.class)
				.doesNotHaveBean(EventSerializer.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("alk.pubsub.redis.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TypedEventTarget.class)
				.doesNotHaveBean(RedisEventTargetAutoConfiguration.LISTENER_CONTAINER_BEAN_NAME));
	}

	@Test
	void backsOffWhenUserDefinesEventTarget() {
		this.contextRunner.withUserConfiguration(UserEventTargetConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TypedEventTarget.class);
			assertThat(context).doesNotHaveBean(RedisEventTarget.class);
		});
	}

	@Test
	void backsOffWhenUserDefinesSerializer() {
		this.contextRunner.withUserConfiguration(UserSerializerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(EventSerializer.class);
			assertThat(context).getBean(EventSerializer.class).isInstanceOf(PipeSerializer.class);
			assertThat(context).hasSingleBean(RedisEventTarget.class);
		});
	}

	@Test
	void backsOffWhenUserDefinesContainerAndTemplateByName() {
		this.contextRunner.withUserConfiguration(UserContainerConfiguration.class).run((context) -> {
			assertThat(context).getBean(RedisEventTargetAutoConfiguration.LISTENER_CONTAINER_BEAN_NAME)
				.isSameAs(context.getBean(UserContainerConfiguration.class).container);
			assertThat(context).getBean(RedisEventTargetAutoConfiguration.TEMPLATE_BEAN_NAME)
				.isSameAs(context.getBean(UserContainerConfiguration.class).template);
			assertThat(context).hasSingleBean(RedisEventTarget.class);
		});
	}

	@Test
	void keepsItsOwnContainerBesideAnotherContainerBean() {
		this.contextRunner.withUserConfiguration(OtherContainerConfiguration.class).run((context) -> {
			assertThat(context).getBeans(RedisMessageListenerContainer.class)
				.containsOnlyKeys("otherContainer", RedisEventTargetAutoConfiguration.LISTENER_CONTAINER_BEAN_NAME);
			assertThat(context).hasSingleBean(RedisEventTarget.class);
		});
	}

	@Test
	void appliesThePrefixProperty() {
		this.contextRunner.withPropertyValues("alk.pubsub.redis.prefix=alk:events:").run((context) -> {
			RedisEventTarget target = context.getBean(RedisEventTarget.class);
			assertThatIllegalArgumentException().isThrownBy(() -> target.addEventListener("alk:events:x", (event) -> {
			})).withMessageContaining("prefix 'alk:events:'");
		});
	}

	@Test
	void usesDefaultSettingsWithoutProperties() {
		this.contextRunner.run((context) -> assertThat(context.getBean(RedisEventTarget.class).settings())
			.isEqualTo(RedisEventTargetSettings.defaults()));
	}

	@Test
	void bindsEveryPropertyToTheSettings() {
		this.contextRunner
			.withPropertyValues("alk.pubsub.redis.prefix=svc:", "alk.pubsub.redis.publish-timeout=250ms",
					"alk.pubsub.redis.subscribe-timeout=3s", "alk.pubsub.redis.shutdown-timeout=1s",
					"alk.pubsub.redis.max-message-size=64KB", "alk.pubsub.redis.max-queued-events=50",
					"alk.pubsub.redis.delivery-threads=2", "alk.pubsub.redis.direct-delivery=true")
			.run((context) -> assertThat(context.getBean(RedisEventTarget.class).settings())
				.isEqualTo(new RedisEventTargetSettings("svc:", Duration.ofMillis(250), Duration.ofSeconds(3),
						Duration.ofSeconds(1), 64 * 1024, 50, 2, true)));
	}

	@Test
	void writesPayloadsWithTheApplicationJsonMapper() {
		this.contextRunner.withUserConfiguration(SnakeCaseMapperConfiguration.class).run((context) -> {
			String message = context.getBean(EventSerializer.class)
				.stringify(new EventEnvelope("user.created", "1", new User("Ada")));
			assertThat(message)
				.isEqualTo("{\"type\":\"user.created\",\"id\":\"1\",\"payload\":{\"first_name\":\"Ada\"}}");
		});
	}

	@Test
	void createsTheSerializerNamedByTheProperty() {
		this.contextRunner.withPropertyValues("alk.pubsub.redis.serializer=" + PipeSerializer.class.getName())
			.run((context) -> assertThat(context).getBean(EventSerializer.class).isInstanceOf(PipeSerializer.class));
	}

	@Test
	void failsStartupWhenTheSerializerClassDoesNotExist() {
		this.contextRunner.withPropertyValues("alk.pubsub.redis.serializer=com.example.Missing")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("alk.pubsub.redis.serializer")
				.hasMessageContaining("com.example.Missing"));
	}

	@Test
	void failsStartupWhenTheSerializerClassIsNotASerializer() {
		this.contextRunner.withPropertyValues("alk.pubsub.redis.serializer=java.lang.String")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("alk.pubsub.redis.serializer"));
	}

	@Test
	void failsStartupInShardedModeWithoutACluster() {
		this.contextRunner.withPropertyValues("alk.pubsub.redis.mode=sharded")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("alk.pubsub.redis.mode")
				.hasMessageContaining("spring.data.redis.cluster.nodes"));
	}

	@Test
	void failsStartupOnAnUnknownMode() {
		this.contextRunner.withPropertyValues("alk.pubsub.redis.mode=broadcast")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("alk.pubsub.redis.mode"));
	}

	@Test
	void createsNoListenerContainerInShardedMode() {
		this.contextRunner
			.withPropertyValues("alk.pubsub.redis.mode=sharded", "spring.data.redis.cluster.nodes=127.0.0.1:1")
			.run((context) -> assertThat(context)
				.doesNotHaveBean(RedisEventTargetAutoConfiguration.LISTENER_CONTAINER_BEAN_NAME));
	}

	@Test
	void failsStartupOnInvalidLimits() {
		this.contextRunner.withPropertyValues("alk.pubsub.redis.delivery-threads=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Delivery threads must be positive"));
	}

	@Test
	void turnsOnClusterTopologyRefreshByDefault() {
		this.contextRunner.run((context) -> {
			ClusterClientOptions.Builder builder = ClusterClientOptions.builder();
			context.getBean(LettuceClientOptionsBuilderCustomizer.class).customize(builder);
			ClusterTopologyRefreshOptions refresh = builder.build().getTopologyRefreshOptions();
			assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
			assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(10));
			assertThat(refresh.getAdaptiveRefreshTriggers()).isNotEmpty();
			assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(1));
		});
	}

	@Test
	void leavesClusterTopologyRefreshThatTheApplicationConfigures() {
		this.contextRunner.withPropertyValues("spring.data.redis.lettuce.cluster.refresh.adaptive=false")
			.run((context) -> {
				ClusterClientOptions.Builder builder = ClusterClientOptions.builder();
				context.getBean(LettuceClientOptionsBuilderCustomizer.class).customize(builder);
				ClusterTopologyRefreshOptions refresh = builder.build().getTopologyRefreshOptions();
				ClusterTopologyRefreshOptions untouched = ClusterClientOptions.builder()
					.build()
					.getTopologyRefreshOptions();
				assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(untouched.getAdaptiveRefreshTimeout())
					.isNotEqualTo(Duration.ofSeconds(1));
				assertThat(refresh.isPeriodicRefreshEnabled()).isEqualTo(untouched.isPeriodicRefreshEnabled());
				assertThat(refresh.getAdaptiveRefreshTriggers()).isEqualTo(untouched.getAdaptiveRefreshTriggers());
			});
	}

	record User(String firstName) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEventTargetConfiguration {

		@Bean
		TypedEventTarget userEventTarget() {
			return mock(TypedEventTarget.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSerializerConfiguration {

		@Bean
		EventSerializer pipeSerializer() {
			return new PipeSerializer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserContainerConfiguration {

		final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

		StringRedisTemplate template;

		@Bean(RedisEventTargetAutoConfiguration.LISTENER_CONTAINER_BEAN_NAME)
		RedisMessageListenerContainer userContainer(RedisConnectionFactory connectionFactory) {
			this.container.setConnectionFactory(connectionFactory);
			return this.container;
		}

		@Bean(RedisEventTargetAutoConfiguration.TEMPLATE_BEAN_NAME)
		StringRedisTemplate userTemplate(RedisConnectionFactory connectionFactory) {
			this.template = new StringRedisTemplate(connectionFactory);
			return this.template;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherContainerConfiguration {

		@Bean
		RedisMessageListenerContainer otherContainer(RedisConnectionFactory connectionFactory) {
			RedisMessageListenerContainer container = new RedisMessageListenerContainer();
			container.setConnectionFactory(connectionFactory);
			return container;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SnakeCaseMapperConfiguration {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		}

	}

	public static class PipeSerializer implements EventSerializer {

		@Override
		public String stringify(EventEnvelope envelope) {
			return envelope.type() + "|" + envelope.payload();
		}

		@Override
		public EventEnvelope parse(String message) {
			String[] parts = message.split("\\|");
			return new EventEnvelope(parts[0], null, Map.of("value", parts[1]));
		}

	}

}
