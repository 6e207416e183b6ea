// TypeScript peer of the interop tests: publishes or listens through
// @graphql-yoga/redis-event-target on a Redis at 127.0.0.1:<port>.
//
//   node peer.mjs publish <port> <channel> <detail-json|none>
//     dispatches one event on the channel and exits 0 once Redis has answered the publish
//   node peer.mjs listen <port> <channel> <count>
//     prints "ready" once subscribed, then the detail of each event as one JSON line, and
//     exits 0 after <count> events
//
// Either command exits 2 when it has not finished within 20 seconds, 1 on bad arguments.
// The event target uses the event type as the channel, so a channel here is the full
// channel name, prefix included.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';

const TIMEOUT_MS = 20_000;

const [command, port, channel, argument] = process.argv.slice(2);
const validCount = command !== 'listen' || (Number.isInteger(Number(argument)) && Number(argument) > 0);
if (!['publish', 'listen'].includes(command) || !port || !channel || argument === undefined || !validCount) {
  console.error('usage: node peer.mjs publish <port> <channel> <detail-json|none>');
  console.error('       node peer.mjs listen <port> <channel> <count>');
  process.exit(1);
}

const timeout = setTimeout(() => {
  console.error(`peer: '${command}' on channel '${channel}' did not finish within ${TIMEOUT_MS} ms`);
  process.exit(2);
}, TIMEOUT_MS);

const publishClient = new Redis({ host: '127.0.0.1', port: Number(port) });
const subscribeClient = new Redis({ host: '127.0.0.1', port: Number(port) });
const target = createRedisEventTarget({ publishClient, subscribeClient });

async function finish() {
  clearTimeout(timeout);
  await Promise.all([publishClient.quit(), subscribeClient.quit()]);
}

async function publish(detailJson) {
  const event = detailJson === 'none'
    ? new CustomEvent(channel)
    : new CustomEvent(channel, { detail: JSON.parse(detailJson) });
  target.dispatchEvent(event);
  // dispatchEvent does not return the publish; QUIT is answered after it on the same connection.
  await finish();
}

async function listen(count) {
  let received = 0;
  target.addEventListener(channel, async (event) => {
    process.stdout.write(JSON.stringify(event.detail ?? null) + '\n');
    received += 1;
    if (received === count) {
      await finish();
    }
  });
  // The event target subscribes without exposing the reply; Redis answers commands of one
  // connection in order, so the PONG arrives after the SUBSCRIBE has taken effect.
  await subscribeClient.ping();
  process.stdout.write('ready\n');
}

if (command === 'publish') {
  await publish(argument);
}
else {
  await listen(Number(argument));
}
