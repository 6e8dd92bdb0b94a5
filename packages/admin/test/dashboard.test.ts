import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { breakerRegistry } from '@ballast/resilience';
import { MemoryAlertSink } from '@ballast/safe-log';
import { breakerActions, createRunbookEngine, type RunbookEngine } from '../src/index.js';
import { type AdminFixture, call, startFixture } from './adminFixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Chosen at load time so a developer's machine without Chromium reports why instead of failing;
// under CI=true a missing browser is a failure, never a skip (.ci/run installs it).
const chromiumInstalled = existsSync(CHROMIUM);
if (!chromiumInstalled && process.env.CI === 'true') {
  throw new Error(
    `dashboard.test.ts needs ${CHROMIUM} under CI=true (apt-get install -y chromium).`,
  );
}
if (!chromiumInstalled) {
  console.warn(
    `dashboard.test.ts skipped: ${CHROMIUM} is not installed (apt-get install -y chromium).`,
  );
}
const describeWithChromium = chromiumInstalled ? describe : describe.skip;

/**
 * Waits for an element matching `selector` (and `text`). Locators run in Playwright's isolated
 * world: the page's CSP forbids eval, so `waitForFunction` strings would be refused.
 */
function until(page: Page, selector: string, text?: RegExp): Promise<void> {
  return page
    .locator(selector, text === undefined ? {} : { hasText: text })
    .first()
    .waitFor({ timeout: 15_000 });
}

describeWithChromium('Dashboard in headless Chromium', () => {
  let fixture: AdminFixture;
  let profile: string;
  let browser: BrowserContext;
  let engine: RunbookEngine;
  let alerts: MemoryAlertSink;

  beforeEach(async () => {
    alerts = new MemoryAlertSink();
    fixture = await startFixture((runtime, dir) => {
      engine = createRunbookEngine({
        runtime,
        store: join(dir, 'runbooks.db'),
        actions: breakerActions(breakerRegistry(runtime)),
      });
      return { runbooks: engine, alerts };
    });
    await fixture.payments.charge(1);
    profile = mkdtempSync(join(tmpdir(), 'ballast-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
  }, 60_000);

  afterEach(async () => {
    await browser.close();
    await fixture.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('toggles a flag off from the page; the API, the woven method and the page all see it', async () => {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(fixture.admin.dashboardUrl);
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar

    await until(page, 'input[data-flag="new-search"]:checked');
    await until(page, 'tr[data-breaker="payments"]', /CLOSED/);
    await until(page, 'tr[data-service="Payments.charge"]');

    await page.click('input[data-flag="new-search"]');
    await until(page, '[data-flag-state="new-search"]', /^off$/);
    expect(await page.isChecked('input[data-flag="new-search"]')).toBe(false);

    const flags = await call(fixture.admin, 'GET', '/api/flags');
    expect(flags.body.flags[0]).toMatchObject({ key: 'new-search', enabled: false });
    await expect(fixture.payments.search('q')).resolves.toBe('old search');
    const history = await call(fixture.admin, 'GET', '/api/flags/history');
    expect(history.body.history[0]).toMatchObject({ key: 'new-search', changedBy: 'dashboard' });

    // A change made elsewhere reaches the page through its polling.
    await call(fixture.admin, 'PATCH', '/api/flags/new-search', { body: { enabled: true } });
    await until(page, '[data-flag-state="new-search"]', /^on$/);
    expect(errors).toEqual([]);
    expect(await page.isHidden('#banner')).toBe(true); // no failed refresh was reported
  }, 60_000);

  it('forces a breaker open from the page', async () => {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(fixture.admin.dashboardUrl);
    await until(page, 'tr[data-breaker="payments"] button');
    await page.click('tr[data-breaker="payments"] button:text("force-open")');
    await until(page, 'tr[data-breaker="payments"]', /FORCED_OPEN/);
    const { body } = await call(fixture.admin, 'GET', '/api/breakers/payments');
    expect(body.state).toBe('FORCED_OPEN');
  }, 60_000);

  it('shows a runbook execution waiting for confirmation and confirms it; shows recent alerts', async () => {
    alerts.send({
      fingerprint: 'f1',
      message: 'Payments.charge failed: ECONNRESET',
      source: 'Payments.charge',
      errorName: 'Error',
      code: 'ECONNRESET',
      count: 3,
      firstSeen: 0,
      lastSeen: 0,
    });
    engine.createRunbook({
      id: 'isolate',
      name: 'Isolate payments',
      scene: 'EMERGENCY',
      steps: [{ action: 'breaker.forceOpen', params: { name: 'payments' }, preConfirm: true }],
    });
    const started = engine.execute('isolate', { actor: 'alice' });
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(fixture.admin.dashboardUrl);
    await until(page, '#alerts li', /ECONNRESET.*×3/);
    await until(page, `tr[data-execution="${started.id}"]`, /WAITING_CONFIRMATION/);
    await page.click(`tr[data-execution="${started.id}"] button`);
    await until(page, `tr[data-execution="${started.id}"]`, /SUCCEEDED/);
    const done = await engine.settled(started.id);
    expect(done.steps[0]).toMatchObject({ status: 'SUCCEEDED', confirmedBy: 'dashboard' });
    expect(breakerRegistry(fixture.runtime).state('payments')).toBe('FORCED_OPEN');
  }, 60_000);
});
