/**
 * Tree changes from the web app, through the sync engine's outbox (lib/sync, "Client engine" in
 * docs/sync-protocol.md). Each change is checked against the local view first (name rules, a
 * sibling with the same name, a folder into itself), then queued: the view shows it at once,
 * online or not, and the engine sends it with its opId when it can. What the server later
 * refuses is rolled back or resolved by the replay table and told as a notice (SyncProvider).
 *
 * A change refused here throws (or is listed as failed) with a UserError or InvalidOpError, which
 * `describeError` turns into a sentence.
 */
import { InvalidNameError, type SyncEngine, validateName } from "../../lib/sync/index";
import { describeNameRule, NAME_TAKEN_MESSAGE, UserError } from "../lib/errors";

export interface Item {
  id: string;
  name: string;
}

export interface BatchResult<T extends Item> {
  done: T[];
  failed: { item: T; error: unknown }[];
}

async function each<T extends Item>(
  items: readonly T[],
  run: (item: T) => Promise<unknown>,
): Promise<BatchResult<T>> {
  const result: BatchResult<T> = { done: [], failed: [] };
  for (const item of items) {
    try {
      await run(item);
      result.done.push(item);
    } catch (error) {
      result.failed.push({ item, error });
    }
  }
  return result;
}

/** The name in NFC, or a UserError with the broken rule's sentence (as the server would refuse it). */
function checkedName(name: string): string {
  try {
    return validateName(name);
  } catch (error) {
    if (error instanceof InvalidNameError) throw new UserError(describeNameRule(error.rule));
    throw error;
  }
}

/** Creates a folder (queued); returns its id, proposed here and kept by the server. */
export async function createFolder(engine: SyncEngine, parentId: string, name: string): Promise<string> {
  const checked = checkedName(name);
  if (engine.childNamed(parentId, checked)) throw new UserError(NAME_TAKEN_MESSAGE);
  return engine.createFolder(parentId, checked);
}

/** Renames (queued); returns the name the item now shows. */
export async function renameNode(engine: SyncEngine, id: string, name: string): Promise<string> {
  const checked = checkedName(name);
  const node = engine.getNode(id);
  if (!node) throw new UserError("This item no longer exists. It may have been moved or deleted.");
  if (node.parentId !== null && engine.childNamed(node.parentId, checked, id))
    throw new UserError(NAME_TAKEN_MESSAGE);
  await engine.rename(id, checked);
  return checked;
}

export function moveNodes<T extends Item>(engine: SyncEngine, items: readonly T[], parentId: string) {
  const destination = engine.getFolder(parentId);
  return each(items, async (item) => {
    if (!destination) throw new UserError("That folder no longer exists.");
    if (engine.childNamed(parentId, item.name, item.id))
      throw new UserError(
        `“${item.name}” already exists in “${destination.name || "My files"}”. Rename one of them first.`,
      );
    await engine.move(item.id, parentId);
  });
}

export function trashNodes<T extends Item>(engine: SyncEngine, items: readonly T[]) {
  return each(items, (item) => engine.trash(item.id));
}

export function restoreNodes<T extends Item>(engine: SyncEngine, items: readonly T[]) {
  return each(items, (item) => engine.restore(item.id));
}

export function deleteForever<T extends Item>(engine: SyncEngine, items: readonly T[]) {
  return each(items, (item) => engine.deleteForever(item.id));
}
