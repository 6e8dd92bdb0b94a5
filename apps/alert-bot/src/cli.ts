import { BallastError, errorCode } from '@ballast/core';
import { installProcessGuards } from '@ballast/safe-log';
import { parseArgs } from 'node:util';
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
       [--label key=value]... [--id ID]
                              store an alert in the outbox (the server delivers it)
  replay [--alert ID] [--channel NAME]
                              re-queue dead letters
  enable NAME                 re-enable a channel disabled by a 410 Gone
  status                      queue depths, dead letters and disabled channels (JSON)`;

const OPTIONS = {
  config: { type: 'string' },
  title: { type: 'string' },
  severity: { type: 'string' },
  message: { type: 'string' },
  source: { type: 'string' },
  label: { type: 'string', multiple: true },
  id: { type: 'string' },
  alert: { type: 'string' },
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
  for (const key of ['title', 'severity', 'message', 'source', 'id'] as const)
    if (values[key] !== undefined) input[key] = values[key];
  if (values.label !== undefined) input.labels = labels;
  return input;
}

async function serve(configFile: string | undefined): Promise<void> {
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
  console.log(`alert-bot listening on ${bot.url} (outbox ${outboxFile(bot.config)})`);
  const shutdown = (signal: string): void => {
    console.log(`alert-bot: ${signal}, draining deliveries in flight…`);
    void bot.stop().then((drained) => {
      console.log(
        drained
          ? 'alert-bot: stopped cleanly'
          : 'alert-bot: stopped; unfinished deliveries resume on the next start',
      );
      process.exit(0);
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
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
      const result = withOutbox(config, (outbox) =>
        outbox.enqueue(alert, 'cli', primaryChannels(config), now),
      );
      console.log(JSON.stringify(result));
      return 0;
    }
    case 'replay': {
      const filter = {
        ...(values.alert === undefined ? {} : { alertId: values.alert }),
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
