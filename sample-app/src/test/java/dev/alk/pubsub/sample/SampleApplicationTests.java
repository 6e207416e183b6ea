package dev.alk.pubsub.sample;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.TypedEvent;
import dev.alk.pubsub.TypedEventTarget;
import dev.alk.pubsub.test.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The way the README shows to test an application that uses the starter without Docker: a
 * {@link LocalRedis} and {@link DynamicPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SampleApplicationTests {

	static final LocalRedis redis = LocalRedis.start();

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Autowired
	TypedEventTarget events;

	@Test
	void receivesItsOwnEventsThroughTheLocalRedis() throws Exception {
		BlockingQueue<TypedEvent> received = new LinkedBlockingQueue<>();
		this.events.addEventListener("greeting", received::add).ready().get(5, TimeUnit.SECONDS);
		this.events.publish("greeting", null, "hello").get(5, TimeUnit.SECONDS);
		assertThat(received.poll(5, TimeUnit.SECONDS).detail().payload()).isEqualTo("hello");
	}

}
