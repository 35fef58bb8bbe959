// The window's lock: locks after the chosen idle time and on Ctrl+L; the
// core refuses every command while locked, so this only decides when.

import type { AppLock } from '../bindings';
import { api } from '../ipc';
import { syncState } from '../team/sync.svelte';

class WindowLock {
  locked = $state(false);
  pinSet = $state(false);
  idleSeconds = $state(600);
  private last = Date.now();
  private syncsBefore = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** Something was done in the window: the idle time starts again. */
  activity() {
    if (!this.locked) this.last = Date.now();
  }

  apply(lock: AppLock) {
    this.pinSet = lock.pin_set;
    this.idleSeconds = lock.idle_seconds;
  }

  async lock() {
    if (this.locked) return;
    this.locked = true;
    this.syncsBefore = syncState.version;
    try {
      await api.lockWindow();
    } catch {
      // The screen is covered either way.
    }
  }

  unlocked() {
    this.locked = false;
    this.last = Date.now();
    // A sync while locked made screens reload, which the core refused:
    // they load again now.
    if (syncState.version !== this.syncsBefore) syncState.version += 1;
  }

  /** Reads the settings and checks the idle time every second. */
  async start() {
    try {
      this.apply(await api.appLock());
    } catch {
      // Defaults stay.
    }
    this.last = Date.now();
    this.timer ??= setInterval(() => {
      if (!this.locked && Date.now() - this.last >= this.idleSeconds * 1000) void this.lock();
    }, 1000);
  }
}

export const windowLock = new WindowLock();
