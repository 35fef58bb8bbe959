// How a command is called: errors from the core become `CommandError`s
// with their stable code. The generated wrappers in commands.ts use this.

import { Channel, invoke } from '@tauri-apps/api/core';
import type { ErrorCode, IpcError } from './bindings';

/** A refusal or failure from the core, with its stable code and a user message. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  /** The field at fault, where the form can show the message beside it. */
  readonly field: string | undefined;

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'CommandError';
    this.code = error.code;
    this.field = error.field;
  }
}

function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IpcError).code === 'string' &&
    typeof (value as IpcError).message === 'string'
  );
}

export async function call<T>(command: string, args: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isIpcError(error)) throw new CommandError(error);
    throw new CommandError({ code: 'internal', message: String(error) });
  }
}

/** A channel whose messages go to `listener` (e.g. a batch's progress). */
export function channel<T>(listener: (message: T) => void): Channel<T> {
  const c = new Channel<T>();
  c.onmessage = listener;
  return c;
}

/** Runs `handler` whenever the core emits `event`; returns how to stop. */
export async function onEvent<T>(event: string, handler: (payload: T) => void): Promise<() => void> {
  const { listen } = await import('@tauri-apps/api/event');
  return listen<T>(event, (e) => handler(e.payload));
}

/** The native folder dialog; null when the user cancels. */
export async function pickFolder(title: string): Promise<string | null> {
  const { open } = await import('@tauri-apps/plugin-dialog');
  const chosen = await open({ directory: true, multiple: false, title });
  return typeof chosen === 'string' ? chosen : null;
}

/** The native dialog to open one file of the given kinds; null when the user cancels. */
export async function pickFile(title: string, extensions: string[]): Promise<string | null> {
  const { open } = await import('@tauri-apps/plugin-dialog');
  const chosen = await open({ directory: false, multiple: false, title, filters: [{ name: title, extensions }] });
  return typeof chosen === 'string' ? chosen : null;
}
