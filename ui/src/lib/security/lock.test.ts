// The window's lock: the core is told, and screens that a sync made reload
// while locked (refused then) load again once unlocked.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { synced, syncState } from '../team/sync.svelte';
import { windowLock } from './lock.svelte';

afterEach(() => clearMocks());

describe('windowLock', () => {
  it('tells the core and reloads what a sync changed while locked', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return null;
    });
    const before = syncState.version;
    await windowLock.lock();
    expect(windowLock.locked).toBe(true);
    expect(calls).toEqual(['lock_window']);
    windowLock.unlocked();
    expect(syncState.version).toBe(before);

    await windowLock.lock();
    synced({
      written: [],
      read: [],
      set_aside: [],
      waiting: [],
      joined: [],
      new_conflicts: 0,
      conflicts: 0,
      waiting_to_join: false,
    });
    windowLock.unlocked();
    expect(windowLock.locked).toBe(false);
    expect(syncState.version).toBe(before + 2);
  });
});
