// The SQLite flag source: `@ballast/flags/sqlite`, so that only its users need better-sqlite3
// and @types/better-sqlite3 installed.
export {
  type FlagAuditEntry,
  type FlagChangeOptions,
  SqliteFlagSource,
  type SqliteFlagSourceOptions,
} from './sources/SqliteFlagSource.js';
