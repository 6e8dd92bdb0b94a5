import { BallastError, errorCode } from '@ballast/core';
import { installProcessGuards } from '@ballast/safe-log';
import { parseArgs } from 'node:util';
import type { AlertBot } from './app/AlertBot.js';
import { createAlertBot, outboxFile } from './app/createAlertBot.js';
import type { AlertBotConfig } from './config/AlertBotConfig.js';
import { loadAlertBotConfig } from './config/loadAlertBotConfig.js';
import { primaryChannels } from './config/primaryChannels.js';
import { InvalidAlertError } from './errors/alertBotErrors.js';
import { OutboxAlertSink } from './intake/OutboxAlertSink.js';
import { checkAlert } from './alerts/AlertInput.js';
import { Outbox } from './outbox/Outbox.js';

const USAGE = `Usage: alert-bot <command> [--config alert-bot.json]

  serve                       run the HTTP intake, delivery worker and inspection bot
  send --title T [--severity info|warning|critical] [--message M] [--source S]
       [--label key=value]... [--status firing|resolved] [--id ID]
                              store an alert in the outbox (the server delivers it)
  replay [--id ID] [--channel NAME]
                              re-queue dead letters (all, or one notification's or channel's)
  enable NAME                 re-enable a channel disabled by a 410 Gone
  status                      queue depths, open groups, the newest dead letters and
                              disabled channels (JSON)`;

const OPTIONS = {
  config: { type: 'string' },
  title: { type: 'string' },
  severity: { type: 'string' },
  status: { type: 'string' },
  message: { type: 'string' },
  source: { type: 'string' },
  label: { type: 'string', multiple: true },
  id: { type: 'string' },
  channel: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

function withOutbox<T>(config: AlertBotConfig, use: (outbox: Outbox) => T): T {
  const outbox = Outbox.open(outboxFile(config));
  try {
    return use(outbox);
  } finally {
    outbox.close();
  }
}

function alertFromFlags(values: Values): unknown {
  const labels = Object.fromEntries(
    (values.label ?? []).map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const input: Record<string, unknown> = {};
  for (const key of ['title', 'severity', 'message', 'source', 'status', 'id'] as const)
    if (values[key] !== undefined) input[key] = values[key];
  if (values.label !== undefined) input.labels = labels;
  return input;
}

/** What the first SIGINT or SIGTERM does: a graceful stop, then exit; a second one exits at once. */
function shutdownOf(bot: AlertBot): (signal: string) => void {
  let stopping = false;
  return (signal) => {
    if (stopping) {
      console.log(
        `alert-bot: ${signal} again, exiting now; unfinished deliveries resume on the next start`,
      );
      process.exit(1);
    }
    stopping = true;
    console.log(`alert-bot: ${signal}, claiming nothing more; draining deliveries in flight…`);
    // Holds the process until every step of the stop has run: some wait on timers that do not.
    const hold = setInterval(() => undefined, 60_000);
    bot.stop().then(
      (drained) => {
        clearInterval(hold);
        console.log(
          drained
            ? 'alert-bot: stopped cleanly'
            : 'alert-bot: stopped; unfinished deliveries resume on the next start',
        );
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`alert-bot: stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
}

async function serve(configFile: string | undefined): Promise<void> {
  // Listening before anything else: a signal during start-up stops the bot once it has started.
  const signals: { early: string[]; shutdown?: (signal: string) => void } = { early: [] };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () =>
      signals.shutdown === undefined ? signals.early.push(signal) : signals.shutdown(signal),
    );
  const bot = await createAlertBot(configFile === undefined ? {} : { configFile });
  bot.receiver.onReceived = (webhook) => {
    if (!webhook.duplicate)
      console.log(`receiver: got ${webhook.id} ${JSON.stringify(webhook.body)}`);
  };
  // Crashes and unhandled rejections are logged and become alerts; the outbox keeps the rest.
  installProcessGuards({
    logger: bot.logger,
    alertSink: new OutboxAlertSink(() => (input, source) => bot.send(input, source)),
  });
  const shutdown = shutdownOf(bot);
  signals.shutdown = shutdown;
  console.log(`alert-bot listening on ${bot.url} (outbox ${outboxFile(bot.config)})`);
  for (const signal of signals.early) shutdown(signal);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
  });
  const [command, argument] = positionals;
  if (values.help === true || command === undefined) {
    console.log(USAGE);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  if (command === 'serve') {
    await serve(values.config);
    return -1; // keeps running
  }
  const config = loadAlertBotConfig(values.config);
  const now = Date.now();
  switch (command) {
    case 'send': {
      const alert = checkAlert(alertFromFlags(values));
      const { id, duplicate } = withOutbox(config, (outbox) =>
        outbox.accept(alert, 'cli', primaryChannels(config), now),
      );
      console.log(JSON.stringify({ id, duplicate }));
      return 0;
    }
    case 'replay': {
      const filter = {
        ...(values.id === undefined ? {} : { id: values.id }),
        ...(values.channel === undefined ? {} : { channel: values.channel }),
      };
      console.log(
        JSON.stringify({ replayed: withOutbox(config, (outbox) => outbox.replay(now, filter)) }),
      );
      return 0;
    }
    case 'enable': {
      if (argument === undefined)
        throw new InvalidAlertError([
          { field: 'channel', detail: 'is required: alert-bot enable <channel>' },
        ]);
      console.log(
        JSON.stringify({ enabled: withOutbox(config, (outbox) => outbox.enableChannel(argument)) }),
      );
      return 0;
    }
    case 'status': {
      const status = withOutbox(config, (outbox) => ({
        ...outbox.status(now),
        deadLetters: outbox.deadLetters(20),
      }));
      console.log(JSON.stringify(status, null, 2));
      return 0;
    }
    default:
      console.error(`alert-bot: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`alert-bot: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode =
      BallastError.is(error) || errorCode(error) === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1;
  },
);
