/**
 * Runs the bot: `node --import tsx examples/bot/main.ts`, configured by the environment
 * (RXC_API_URL, RXC_API_KEY, RXC_WEBHOOK_SECRET, BOT_IDENTITY, PORT). It prints the URL to
 * give the server as a webhook, and stops on SIGTERM or SIGINT.
 */
import { startBot } from './bot';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`bot: set ${name}`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const bot = await startBot({
    apiUrl: required('RXC_API_URL'),
    apiKey: required('RXC_API_KEY'),
    secret: required('RXC_WEBHOOK_SECRET'),
    identity: process.env.BOT_IDENTITY ?? 'bot',
    port: Number(process.env.PORT ?? 0)
  });
  console.log(`bot: listening for webhook calls at ${bot.url}`);
  const stop = () => void bot.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
