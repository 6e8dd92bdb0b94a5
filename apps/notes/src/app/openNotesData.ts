import type { Runtime } from '@ballast/core';
import {
  type AggregateStore,
  createPrivateFolders,
  createUserStores,
  openAggregateStore,
  type UserStores,
} from '@ballast/store';
import type { NotesConfig } from '../config/NotesConfig.js';
import { NotesPaths } from './NotesPaths.js';

/** The databases of the notes service. */
export interface NotesData {
  readonly paths: NotesPaths;
  readonly stores: UserStores;
  readonly aggregate: AggregateStore;
}

/**
 * Creates the data dir (0700) if missing and opens the per-user stores (dual write on, so every
 * note write also feeds the aggregate) and the aggregate database, as the server and the CLI
 * commands use them. With a runtime the stores share its scheduler and events and close when it
 * is disposed.
 */
export function openNotesData(config: NotesConfig, runtime?: Runtime): NotesData {
  const paths = new NotesPaths(config.dataDir);
  createPrivateFolders(config.dataDir);
  const stores = createUserStores({
    root: paths.users,
    durability: config.durability,
    maxOpen: config.maxOpenStores,
    idleTimeoutMs: config.storeIdleMs,
    dualWrite: true,
    ...(runtime === undefined ? {} : { runtime }),
  });
  let aggregate: AggregateStore;
  try {
    aggregate = openAggregateStore({ file: paths.aggregate, durability: config.durability });
  } catch (error) {
    stores.close();
    throw error;
  }
  return { paths, stores, aggregate };
}
