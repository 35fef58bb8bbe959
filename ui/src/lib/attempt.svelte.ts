// The one way a screen runs a command and shows its refusal: the core's
// message (already in the user's language) is kept in `error`, and what
// the user typed stays where it was.

import { CommandError } from './call';
import { messageOf } from './ipc';

export class Attempt {
  /** The last refusal or failure, for an <ErrorBox>; null after a success. */
  error = $state<string | null>(null);
  /** The field the refusal is about, when the core names one (the programme editor). */
  field = $state<string | null>(null);
  /** True while the action runs (to disable a save button). */
  busy = $state(false);

  /** Runs `action`; returns whether it succeeded. */
  async run(action: () => Promise<unknown>): Promise<boolean> {
    this.error = null;
    this.field = null;
    this.busy = true;
    try {
      await action();
      return true;
    } catch (e) {
      this.error = messageOf(e);
      this.field = e instanceof CommandError ? (e.field ?? null) : null;
      return false;
    } finally {
      this.busy = false;
    }
  }

  clear() {
    this.error = null;
    this.field = null;
  }
}
