// Cores for component tests (the IPC mocked): one that records every call
// and answers a save with what it was given, one that refuses everything.
import { mockIPC } from '@tauri-apps/api/mocks';

export type Call = { cmd: string; args: Record<string, unknown> };

/** A core that answers every save with what it was given, and records the calls. */
export function recordingCore(): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    return a.record ?? { id: 'x' };
  });
  return calls;
}

/** A core that refuses everything with one message. */
export function refusingCore(message: string) {
  mockIPC(() => {
    throw { code: 'invalid_input', message };
  });
}
