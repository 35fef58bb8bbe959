// The UI's one way to the core: `api` (generated from the Rust command
// list into commands.ts, one typed function per command), the error type
// and how to show one.

export { api } from './commands';
export { CommandError } from './call';
import { CommandError } from './call';
import { api as commands } from './commands';
import type { SavedFiles } from './bindings';

/** The id of a record not saved yet: the core gives it a new one. */
export const NEW_ID = '00000000-0000-0000-0000-000000000000';

/** The user-facing text of any error from a call. */
export const messageOf = (e: unknown): string => (e instanceof CommandError ? e.message : String(e));
export { onEvent, pickFile, pickFolder } from './call';

/** Asks where a report or export just written into the report folder goes
 * (the desktop's save dialog, opening there with the file's name); where it
 * now is, or null when the user cancelled (then the file is gone). */
export const saveAs = async (written: Promise<string>, title: string): Promise<string | null> =>
  commands.askSaveAs(await written, title);

/** Asks in the folder dialog (opening in the report folder) where files just
 * written there together go (an inzage, a group's reports), and moves them;
 * where they now are, or null when the user cancelled (then they are gone). */
export const saveInFolder = (written: string[], title: string): Promise<SavedFiles | null> =>
  commands.askSaveInFolder(written, title);
