/**
 * A simulated user, made straight in the database: the user row, its home namespace (through
 * `ensureHome`, as sign-up does) and a personal access token (through `createAccessToken`).
 * It skips the HTTP sign-up and its password hashing, which is not what the simulation tests
 * and would cost a second of CPU per seed; every request the devices make still authenticates
 * with the token and goes through the real HTTP and GraphQL server.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { namespaces, users } from "@/db/schema";
import { createAccessToken, ensureHome } from "@/lib/drive/accounts";
import { TestClient } from "@/lib/testing/client";
import type { Account } from "../testing/node";

export interface SimAccount extends Account {
  userId: string;
}

export async function createSimAccount(db: Db, baseUrl: string, label: string): Promise<SimAccount> {
  const userId = randomUUID();
  const email = `sim-${userId}@example.test`;
  const name = `Simulated ${label}`;
  await db.insert(users).values({ id: userId, email, name });
  const homeNamespaceId = await ensureHome(db, userId);
  const { token } = await createAccessToken(
    db,
    { userId, email, name, homeNamespaceId, via: "session" },
    { name: "simulation" },
  );
  const [home] = await db
    .select({ rootId: namespaces.rootNodeId })
    .from(namespaces)
    .where(eq(namespaces.id, homeNamespaceId));
  if (!home?.rootId) throw new Error(`the home namespace ${homeNamespaceId} of ${userId} has no root`);
  const client = new TestClient(baseUrl);
  client.token = token;
  return { baseUrl, token, rootId: home.rootId, client, userId };
}
