// What the window knows of sync: bumped after every sync (automatic or by
// hand), so that screens showing team data or conflicts load again.

import type { SyncReport } from '../bindings';
import { onEvent } from '../ipc';

/** The event the core emits after an automatic sync (see src-tauri/autosync.rs). */
export const SYNCED = 'ineen://synced';

export const syncState = $state<{ version: number; last: SyncReport | null }>({ version: 0, last: null });

/** Notes a sync that ran, so that screens reload. */
export function synced(report: SyncReport) {
  syncState.last = report;
  syncState.version += 1;
}

/** Listens for automatic syncs for as long as the window is open. */
export async function listenForSyncs(): Promise<void> {
  try {
    await onEvent<SyncReport>(SYNCED, synced);
  } catch {
    // Outside the app (the component tests) there is nothing to hear.
  }
}
