/**
 * The side panel's keyboard shortcut, as a council writes it ("Alt+Shift+F", "Ctrl+Alt+F"): parsed once into
 * the modifiers and the key's `code`, so it works whatever the keyboard layout. Alt+Shift is Windows' own
 * keyboard-layout switch on some desktops, so a council can choose another.
 */

export interface Shortcut {
  label: string;
  alt: boolean;
  shift: boolean;
  ctrl: boolean;
  meta: boolean;
  /** KeyboardEvent.code: "KeyF", "Digit7". */
  code: string;
}

export const DEFAULT_SHORTCUT = 'Alt+Shift+F';

/** "Ctrl+Alt+F" → a Shortcut; a clear error naming the setting for anything else. */
export function parseShortcut(text: string): Shortcut {
  const parts = text.split('+').map((p) => p.trim());
  const key = parts.pop() ?? '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const known = ['alt', 'shift', 'ctrl', 'meta'];
  const unknown = [...mods].filter((m) => !known.includes(m));
  if (!/^[A-Za-z0-9]$/.test(key) || unknown.length || mods.size === 0 || mods.size !== parts.length) {
    throw new Error(
      `shortcut: "${text}" is not a shortcut. Write one or more of Alt, Shift, Ctrl, Meta and a letter or digit, e.g. "Ctrl+Alt+F".`,
    );
  }
  const upper = key.toUpperCase();
  return {
    label: text,
    alt: mods.has('alt'),
    shift: mods.has('shift'),
    ctrl: mods.has('ctrl'),
    meta: mods.has('meta'),
    code: /\d/.test(upper) ? `Digit${upper}` : `Key${upper}`,
  };
}

export function matchesShortcut(event: KeyboardEvent, s: Shortcut): boolean {
  return (
    event.altKey === s.alt &&
    event.shiftKey === s.shift &&
    event.ctrlKey === s.ctrl &&
    event.metaKey === s.meta &&
    event.code === s.code
  );
}
