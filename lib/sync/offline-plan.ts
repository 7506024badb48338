/**
 * "Available offline" as plain data: which files a device must hold, given what the user chose
 * (files and folders) and what the index says is in them now. Pure: the app fetches and pins
 * (chunk-cache.ts) what `planOffline` says, and releases the rest.
 *
 * - A chosen file is wanted while it is visible (not in the trash, reaching a root).
 * - A chosen folder wants every visible file below it, at any depth, so files added later (or
 *   moved in) are wanted as soon as the index shows them; files moved out are released.
 * - A wanted file is fetched when the content held for it is not its current content (a new
 *   version arrived, or it was never fetched); a file with no known current version waits.
 * - A choice whose node is gone from the index (deleted for good) is reported, to be forgotten;
 *   a trashed one stays (a restore brings its files back).
 */
import type { IndexReader } from "./node-index";
import { isVisible } from "./tree-view";

/** What the user chose to keep offline: a file or a folder. */
export interface OfflineChoice {
  nodeId: string;
  /** ms since the epoch (for people and ordering). */
  chosenAt: number;
}

/** A file whose content this device holds pinned (its current version when it was fetched). */
export interface HeldFile {
  fileId: string;
  versionId: string;
  contentHash: string;
  size: number;
  /** The version's number, when known (shown offline). */
  number?: number;
}

export interface OfflinePlan {
  /** Files to fetch and pin: wanted, and their current content is not the one held. */
  fetch: { fileId: string; versionId: string; contentHash: string }[];
  /** Held files no longer wanted: unpin. */
  release: string[];
  /** Every wanted file → the choice that wants it (the first, in choice order). */
  wanted: Map<string, string>;
  /** Choices whose node the index no longer has. */
  gone: string[];
}

/** Visible files at or below `id` (a file: itself), depth first. */
export function filesWithin(index: IndexReader, id: string): string[] {
  const node = index.get(id);
  if (!node || !isVisible(index, id)) return [];
  if (node.kind === "file") return [id];
  const out: string[] = [];
  const stack = [id];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    for (const child of index.childrenOf(parent)) {
      if (child.trashedAt !== null) continue;
      if (child.kind === "folder") stack.push(child.id);
      else out.push(child.id);
    }
  }
  return out;
}

export function planOffline(
  index: IndexReader,
  choices: readonly OfflineChoice[],
  held: ReadonlyMap<string, Pick<HeldFile, "contentHash">>,
): OfflinePlan {
  const wanted = new Map<string, string>();
  const gone: string[] = [];
  for (const choice of [...choices].sort((a, b) => a.chosenAt - b.chosenAt)) {
    if (!index.get(choice.nodeId)) {
      gone.push(choice.nodeId);
      continue;
    }
    for (const fileId of filesWithin(index, choice.nodeId))
      if (!wanted.has(fileId)) wanted.set(fileId, choice.nodeId);
  }
  const fetch: OfflinePlan["fetch"] = [];
  for (const fileId of wanted.keys()) {
    const node = index.get(fileId)!;
    if (node.currentVersionId === null || node.contentHash === null) continue;
    if (held.get(fileId)?.contentHash === node.contentHash) continue;
    fetch.push({ fileId, versionId: node.currentVersionId, contentHash: node.contentHash });
  }
  const release = [...held.keys()].filter((fileId) => !wanted.has(fileId));
  return { fetch, release, wanted, gone };
}

/** Whether `nodeId` is kept offline: chosen itself, or inside a chosen folder. */
export function offlineChoiceFor(
  index: IndexReader,
  choices: ReadonlySet<string>,
  nodeId: string,
): string | undefined {
  for (let node = index.get(nodeId); node; node = node.parentId ? index.get(node.parentId) : undefined) {
    if (choices.has(node.id)) return node.id;
  }
  return undefined;
}
