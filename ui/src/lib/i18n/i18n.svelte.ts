// The current language and the translate function. Reading `t(...)` in a
// component makes it re-render when the language changes.

import type { Lang } from '../bindings';
import { catalogues, type MessageKey } from './messages';

let current = $state<Lang>('nl');

export const i18n = {
  get lang(): Lang {
    return current;
  },
  set lang(lang: Lang) {
    current = lang;
    document.documentElement.lang = lang;
  },
};

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders in a message. */
export function format(message: string, params: Params = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The message for `key` in the current language. */
export function t(key: MessageKey, params?: Params): string {
  return format(catalogues[current][key], params);
}
