"use client";
/**
 * Selection in a list, the way file managers do it: a click selects one item, Ctrl/Cmd-click
 * toggles one, Shift-click selects the range from the last clicked item (the anchor); the focused
 * item moves with the arrow keys. Ids that leave the list leave the selection.
 */
import { useCallback, useMemo, useState } from "react";

export interface SelectionState {
  selected: ReadonlySet<string>;
  anchor: string | null;
  focused: string | null;
}

export interface Modifiers {
  shift?: boolean;
  /** Ctrl on Linux/Windows, Cmd on macOS. */
  toggle?: boolean;
}

const EMPTY: SelectionState = { selected: new Set(), anchor: null, focused: null };

function range(ids: readonly string[], from: string | null, to: string): string[] {
  const end = ids.indexOf(to);
  const start = from === null ? -1 : ids.indexOf(from);
  if (end < 0) return [];
  if (start < 0) return [to];
  return ids.slice(Math.min(start, end), Math.max(start, end) + 1);
}

/** A pointer click (or Space / arrow key with `focusOnly: false`) on `id`. */
export function pick(
  state: SelectionState,
  ids: readonly string[],
  id: string,
  mods: Modifiers,
): SelectionState {
  if (mods.shift) {
    const span = range(ids, state.anchor ?? state.focused, id);
    const selected = new Set(mods.toggle ? [...state.selected, ...span] : span);
    return { selected, anchor: state.anchor ?? id, focused: id };
  }
  if (mods.toggle) {
    const selected = new Set(state.selected);
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
    return { selected, anchor: id, focused: id };
  }
  return { selected: new Set([id]), anchor: id, focused: id };
}

/** Checkbox: toggles one item (Shift: adds the range from the anchor). */
export function toggle(
  state: SelectionState,
  ids: readonly string[],
  id: string,
  shift: boolean,
): SelectionState {
  return pick(state, ids, id, { shift, toggle: true });
}

/** Keeps only ids still in the list. */
export function prune(state: SelectionState, ids: readonly string[]): SelectionState {
  const present = new Set(ids);
  const selected = [...state.selected].filter((id) => present.has(id));
  const focused = state.focused && present.has(state.focused) ? state.focused : null;
  const anchor = state.anchor && present.has(state.anchor) ? state.anchor : null;
  if (selected.length === state.selected.size && focused === state.focused && anchor === state.anchor)
    return state;
  return { selected: new Set(selected), anchor, focused };
}

export function useSelection(ids: readonly string[]) {
  const [raw, setRaw] = useState<SelectionState>(EMPTY);
  const state = useMemo(() => prune(raw, ids), [raw, ids]);

  const onPick = useCallback(
    (id: string, mods: Modifiers) => setRaw((s) => pick(prune(s, ids), ids, id, mods)),
    [ids],
  );
  const onToggle = useCallback(
    (id: string, shift: boolean) => setRaw((s) => toggle(prune(s, ids), ids, id, shift)),
    [ids],
  );
  const focus = useCallback(
    (id: string | null) => setRaw((s) => (s.focused === id ? s : { ...s, focused: id })),
    [],
  );
  const selectAll = useCallback(() => setRaw((s) => ({ ...s, selected: new Set(ids) })), [ids]);
  const clear = useCallback(() => setRaw((s) => ({ ...s, selected: new Set(), anchor: null })), []);
  const reset = useCallback(() => setRaw(EMPTY), []);

  return { ...state, pick: onPick, toggle: onToggle, focus, selectAll, clear, reset };
}

export type Selection = ReturnType<typeof useSelection>;
