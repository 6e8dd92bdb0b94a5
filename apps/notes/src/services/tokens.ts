import type { ServiceIdentifier } from 'inversify';
import type { UserStores } from '@ballast/store';
import type { NotesConfig } from '../config/NotesConfig.js';

/** Container token of the per-user stores. */
export const NOTES_STORES: ServiceIdentifier<UserStores> = Symbol.for('notes.stores');

/** Container token of the validated configuration. */
export const NOTES_CONFIG: ServiceIdentifier<NotesConfig> = Symbol.for('notes.config');
