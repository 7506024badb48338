/**
 * Tree changes from the web app: one mutation each, each with its own opId so a retry after a lost
 * answer is applied once. Batches run one item after another and report which items failed.
 */
import { gql } from "../lib/gql";
import { newOpId } from "../lib/op-id";
import {
  DeleteForeverMutation,
  MoveMutation,
  RenameMutation,
  RestoreMutation,
  TrashMutation,
} from "./operations";

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

export async function renameNode(id: string, name: string) {
  const data = await gql(RenameMutation, { input: { id, name, opId: newOpId() } });
  return data.rename.node;
}

export function moveNodes<T extends Item>(items: readonly T[], parentId: string) {
  return each(items, (item) => gql(MoveMutation, { input: { id: item.id, parentId, opId: newOpId() } }));
}

export function trashNodes<T extends Item>(items: readonly T[]) {
  return each(items, (item) => gql(TrashMutation, { input: { id: item.id, opId: newOpId() } }));
}

export function restoreNodes<T extends Item>(items: readonly T[]) {
  return each(items, (item) => gql(RestoreMutation, { input: { id: item.id, opId: newOpId() } }));
}

export function deleteForever<T extends Item>(items: readonly T[]) {
  return each(items, (item) => gql(DeleteForeverMutation, { input: { id: item.id, opId: newOpId() } }));
}
