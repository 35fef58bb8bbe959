// The UI's one way to the core: `api` (generated from the Rust command
// list into commands.ts, one typed function per command), the error type
// and how to show one.

export { api } from './commands';
export { CommandError } from './call';
import { CommandError } from './call';

/** The id of a record not saved yet: the core gives it a new one. */
export const NEW_ID = '00000000-0000-0000-0000-000000000000';

/** The user-facing text of any error from a call. */
export const messageOf = (e: unknown): string => (e instanceof CommandError ? e.message : String(e));
export { onEvent, pickFile, pickFolder } from './call';
