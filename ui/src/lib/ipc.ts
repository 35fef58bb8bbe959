// Typed calls to the Rust side. One function per command; the types come
// from bindings.ts, generated from the Rust types.

import { invoke } from '@tauri-apps/api/core';
import type { ErrorCode, IpcError, Lang, Programme, Status } from './bindings';

/** A refusal or failure from the core, with its stable code and a user message. */
export class CommandError extends Error {
  readonly code: ErrorCode;

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'CommandError';
    this.code = error.code;
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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isIpcError(error)) throw new CommandError(error);
    throw new CommandError({ code: 'internal', message: String(error) });
  }
}

export const api = {
  listProgrammes: () => call<Programme[]>('list_programmes'),
  getStatus: () => call<Status>('get_status'),
  setLanguage: (language: Lang) => call<Status>('set_language', { language }),
};
