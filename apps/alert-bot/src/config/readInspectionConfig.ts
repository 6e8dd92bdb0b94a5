import { OptionsReader } from '@ballast/core';
import type { InspectionConfig, InspectionTarget } from './AlertBotConfig.js';
import { NAME_PATTERN } from './readChannelConfig.js';
import { readHttpUrl } from './readHttpUrl.js';

const WHERE = 'alert-bot config: inspection';

function readTarget(input: unknown, index: number): InspectionTarget {
  const read = new OptionsReader(`${WHERE}.targets[${index}]`, input, [
    'name',
    'url',
    'expectStatus',
    'maxLatencyMs',
    'bodyContains',
  ]);
  const name = read.string('name', '');
  if (!NAME_PATTERN.test(name)) read.fail('name', '1-64 letters, digits, "_", "." or "-"');
  return {
    name,
    url: readHttpUrl(read, 'url'),
    expectStatus: read.number('expectStatus', 200, { integer: true, min: 100, max: 599 }),
    maxLatencyMs: read.number('maxLatencyMs', 2_000, { above: 0, max: 300_000 }),
    bodyContains: read.has('bodyContains') ? read.string('bodyContains', '') : undefined,
  };
}

/** Validates the `inspection` section. */
export function readInspectionConfig(input: unknown): InspectionConfig {
  const read = new OptionsReader(WHERE, input, [
    'intervalMs',
    'timeoutMs',
    'failuresBeforeDown',
    'breakerFailures',
    'breakerOpenMs',
    'targets',
  ]);
  const raw = read.raw('targets') ?? [];
  if (!Array.isArray(raw))
    read.fail('targets', 'an array of { name, url, expectStatus?, maxLatencyMs?, bodyContains? }');
  const targets = (raw as unknown[]).map(readTarget);
  const names = new Set<string>();
  for (const target of targets) {
    if (names.has(target.name))
      read.fail('targets', `targets with distinct names ("${target.name}" appears twice)`);
    names.add(target.name);
  }
  return {
    intervalMs: read.number('intervalMs', 60_000, { min: 10, max: 86_400_000 }),
    timeoutMs: read.number('timeoutMs', 10_000, { min: 10, max: 300_000 }),
    failuresBeforeDown: read.number('failuresBeforeDown', 2, { integer: true, min: 1, max: 100 }),
    breakerFailures: read.number('breakerFailures', 3, { integer: true, min: 1, max: 100 }),
    breakerOpenMs: read.number('breakerOpenMs', 60_000, { min: 1, max: 86_400_000 }),
    targets,
  };
}
