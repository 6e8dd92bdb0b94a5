/* global document, fetch, setTimeout, clearTimeout, Node */
// The ballast dashboard: polls the admin JSON API every second and renders it. Every value is
// written with textContent (never innerHTML), so names and messages from the API cannot inject
// markup. The session cookie (set by /?token=…) authenticates the requests.
'use strict';

const REFRESH_MS = 1000;
const HISTORY_MS = 5 * 60 * 1000;
const ACTOR = 'dashboard';

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (key === 'class') node.className = value;
    else if (key === 'data') for (const [k, v] of Object.entries(value)) node.dataset[k] = v;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node[key] = value;
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child ?? ''));
  return node;
}

function badge(text, state) {
  return el('span', { class: `badge s-${state ?? text}` }, text);
}

function fixed(value, digits) {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

function ms(seconds) {
  return seconds === null || seconds === undefined ? '–' : `${(seconds * 1000).toFixed(1)} ms`;
}

function empty(tbody, columns, text) {
  tbody.replaceChildren(el('tr', {}, el('td', { class: 'empty', colSpan: columns }, text)));
}

// Paths are relative to the page, so the dashboard works wherever the admin API is mounted.
async function api(path, init) {
  const response = await fetch(`.${path}`, { credentials: 'same-origin', ...init });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401)
    throw new Error('Session expired: reopen the dashboard with ?token=<token>.');
  if (!response.ok) {
    const error = new Error(body.detail ?? `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function post(path, body, method = 'POST') {
  return api(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ actor: ACTOR, ...body }),
  });
}

/** Segments of a breaker's state over the last HISTORY_MS from its transitions. */
function segments(name, current, transitions, now) {
  const start = now - HISTORY_MS;
  const mine = transitions.filter((t) => t.name === name && t.key === null);
  const inWindow = mine.filter((t) => t.at >= start);
  let state = inWindow.length > 0 ? inWindow[0].from : current;
  let from = start;
  const parts = [];
  for (const t of inWindow) {
    parts.push({ state, span: t.at - from });
    state = t.to;
    from = t.at;
  }
  parts.push({ state, span: now - from });
  return parts.filter((p) => p.span > 0);
}

function renderBreakers(breakers, transitions, now) {
  const tbody = document.getElementById('breakers');
  if (breakers.length === 0) return empty(tbody, 8, 'No circuit breakers woven yet.');
  tbody.replaceChildren(
    ...breakers.map((b) => {
      const strip = el('div', { class: 'strip', title: 'last 5 minutes' });
      for (const part of segments(b.name, b.state, transitions, now)) {
        const span = el('span', { class: `s-${part.state}`, title: part.state });
        span.style.flexGrow = String(part.span);
        strip.append(span);
      }
      const act = (operation) =>
        el(
          'button',
          {
            onclick: () =>
              post(`/api/breakers/${encodeURIComponent(b.name)}/${operation}`, {}).then(
                refresh,
                report,
              ),
          },
          operation,
        );
      return el(
        'tr',
        { data: { breaker: b.name } },
        el('td', {}, b.name),
        el('td', {}, badge(b.state)),
        el('td', {}, b.keys),
        el('td', {}, b.calls.successful),
        el('td', {}, b.calls.failed),
        el('td', {}, b.calls.notPermitted),
        el('td', {}, strip),
        el('td', {}, act('force-open'), act('close'), act('reset')),
      );
    }),
  );
}

function renderServices(services) {
  const tbody = document.getElementById('services');
  if (services.length === 0) return empty(tbody, 7, 'No @SafeLog methods called yet.');
  tbody.replaceChildren(
    ...services.map((s) => {
      const total = s.totals.success + s.totals.error + s.totals.timeout + s.totals.swallowed;
      return el(
        'tr',
        { data: { service: s.name } },
        el('td', {}, s.name),
        el('td', {}, fixed(s.callRate, 2)),
        el('td', {}, s.errorRate === null ? '–' : `${(s.errorRate * 100).toFixed(1)} %`),
        el('td', {}, ms(s.latency.p50)),
        el('td', {}, ms(s.latency.p95)),
        el('td', {}, ms(s.latency.p99)),
        el('td', {}, total),
      );
    }),
  );
}

function renderFlags(flags) {
  const tbody = document.getElementById('flags');
  if (flags.length === 0) return empty(tbody, 4, 'No flags defined.');
  tbody.replaceChildren(
    ...flags.map((f) => {
      const toggle = el('input', {
        type: 'checkbox',
        checked: f.enabled,
        title: f.enabled ? 'switch off' : 'switch on',
        data: { flag: f.key },
        onchange: (event) => {
          event.target.disabled = true;
          post(
            `/api/flags/${encodeURIComponent(f.key)}`,
            { enabled: event.target.checked },
            'PATCH',
          ).then(refresh, report);
        },
      });
      return el(
        'tr',
        { data: { flagRow: f.key } },
        el('td', {}, f.key),
        el('td', {}, toggle),
        el('td', { data: { flagState: f.key } }, f.enabled ? 'on' : 'off'),
        el('td', {}, f.definition.description ?? ''),
      );
    }),
  );
}

function renderExecutions(result) {
  const tbody = document.getElementById('executions');
  if (result === null) return empty(tbody, 7, 'Runbooks are not configured.');
  if (result.executions.length === 0) return empty(tbody, 7, 'No executions yet.');
  tbody.replaceChildren(
    ...result.executions.map((x) => {
      const waiting = x.steps.find((s) => s.status === 'WAITING_CONFIRMATION');
      const step = x.currentStep === null ? '–' : `${x.currentStep + 1}/${x.steps.length}`;
      const confirm = waiting
        ? el(
            'button',
            {
              onclick: () =>
                post(
                  `/api/executions/${encodeURIComponent(x.id)}/steps/${waiting.index}/confirm`,
                  {},
                ).then(refresh, report),
            },
            `confirm step ${waiting.index + 1}`,
          )
        : '';
      return el(
        'tr',
        { data: { execution: x.id } },
        el('td', {}, x.runbookName),
        el('td', {}, x.scene),
        el('td', {}, badge(x.status)),
        el('td', {}, step),
        el('td', {}, new Date(x.startedAt).toLocaleTimeString()),
        el('td', {}, x.actor),
        el('td', {}, confirm),
      );
    }),
  );
}

function renderAlerts(result) {
  const list = document.getElementById('alerts');
  if (!result.configured)
    return list.replaceChildren(el('li', { class: 'empty' }, 'No alert feed configured.'));
  if (result.alerts.length === 0)
    return list.replaceChildren(el('li', { class: 'empty' }, 'No alerts.'));
  list.replaceChildren(
    ...result.alerts.map((a) =>
      el(
        'li',
        {},
        el('span', { class: 'muted' }, `${new Date(a.lastSeen).toLocaleTimeString()} ${a.source} `),
        a.message,
        a.count > 1 ? el('span', { class: 'count' }, `×${a.count}`) : '',
      ),
    ),
  );
}

function age(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function renderFleet(result) {
  const section = document.getElementById('fleet-section');
  section.hidden = result === null;
  if (result === null) return;
  const tbody = document.getElementById('fleet');
  if (result.unavailable !== undefined) return empty(tbody, 7, result.unavailable);
  if (result.instances.length === 0) return empty(tbody, 7, 'No instance has beaten yet.');
  const now = Date.now();
  tbody.replaceChildren(
    ...result.instances.map((i) => {
      const open = i.breakers.filter((b) => b.state !== 'CLOSED');
      return el(
        'tr',
        { data: { instance: i.instanceId }, class: i.instanceId === result.self ? 'self' : '' },
        el('td', {}, i.instanceId === result.self ? `${i.instanceId} (this one)` : i.instanceId),
        el('td', {}, i.host),
        el('td', {}, i.pid),
        el('td', {}, age(now - i.startedAt)),
        el('td', {}, `${age(now - i.at)} ago`),
        el(
          'td',
          {},
          ...(open.length === 0 ? ['–'] : open.map((b) => badge(`${b.name} ${b.state}`, b.state))),
        ),
        el('td', { class: 'muted' }, JSON.stringify(i.extra)),
      );
    }),
  );
}

function report(error) {
  const banner = document.getElementById('banner');
  banner.textContent = error.message;
  banner.hidden = false;
}

let timer;
// Runbooks and the fleet are optional: after one 404 the page stops asking.
let runbooksConfigured = true;
let fleetConfigured = true;

function fleetOrNull() {
  if (!fleetConfigured) return Promise.resolve(null);
  return api('/api/fleet').catch((error) => {
    if (error.status === 404) {
      fleetConfigured = false;
      return null;
    }
    // The fleet's store is down: this instance still serves; say so in the table.
    return { self: null, instances: [], unavailable: `Fleet unavailable: ${error.message}` };
  });
}

function executionsOrNull() {
  if (!runbooksConfigured) return Promise.resolve(null);
  return api('/api/executions?limit=10').catch((error) => {
    if (error.status !== 404) throw error;
    runbooksConfigured = false;
    return null;
  });
}

async function refresh() {
  clearTimeout(timer);
  try {
    const [stats, flags, alerts, executions, fleet, ready] = await Promise.all([
      api('/api/stats'),
      api('/api/flags'),
      api('/api/alerts/recent?limit=20'),
      executionsOrNull(),
      fleetOrNull(),
      fetch('./health/ready', { credentials: 'same-origin' }).then((r) => r.json()),
    ]);
    renderBreakers(stats.breakers, stats.breakerTransitions, stats.now);
    renderServices(stats.services);
    renderFlags(flags.flags);
    renderExecutions(executions);
    renderFleet(fleet);
    renderAlerts(alerts);
    const readyBadge = document.getElementById('ready');
    readyBadge.textContent = ready.ready ? `ready (${ready.status})` : 'NOT READY';
    readyBadge.className = `badge s-${ready.status}`;
    readyBadge.title = (ready.reasons ?? []).join('\n');
    document.getElementById('status').textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.getElementById('banner').hidden = true;
  } catch (error) {
    report(error);
  } finally {
    timer = setTimeout(refresh, REFRESH_MS);
  }
}

document.addEventListener('DOMContentLoaded', refresh);
