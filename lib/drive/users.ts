/** Public facts about users, as other parts of the API show them (authors of versions, ...). */
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";

export interface UserInfo {
  userId: string;
  email: string;
  name: string;
}

export async function getUserInfo(db: Db, userId: string): Promise<UserInfo> {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  // A version outlives nothing: accounts are deleted with their namespaces. Still, never fail a read.
  return u ? { userId: u.id, email: u.email, name: u.name } : { userId, email: "", name: "Deleted user" };
}
