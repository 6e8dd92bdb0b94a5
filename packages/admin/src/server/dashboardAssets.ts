import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One static file of the dashboard, read once at start. */
export interface DashboardAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

/**
 * The dashboard's files, served from this package (never a CDN). From the sources they sit in
 * `src/dashboard/`; a build in `dist/src/server/` finds them in the published `src/dashboard/`.
 */
export function loadDashboardAssets(): ReadonlyMap<string, DashboardAsset> {
  const candidates = ['../dashboard/', '../../../src/dashboard/'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const folder = candidates.find((dir) => existsSync(`${dir}index.html`));
  if (folder === undefined) {
    throw new Error(`Dashboard files not found (looked in ${candidates.join(', ')}).`);
  }
  const assets = new Map<string, DashboardAsset>();
  for (const [name, contentType] of Object.entries(FILES)) {
    assets.set(name, { body: readFileSync(`${folder}${name}`), contentType });
  }
  return assets;
}
