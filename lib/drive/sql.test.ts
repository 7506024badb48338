import { describe, expect, test } from "vitest";
import { retryingTransaction } from "./sql";

const dbError = (code: string) => Object.assign(new Error(`db ${code}`), { cause: { code } });

describe("retryingTransaction", () => {
  test("runs a deadlock victim again, and returns what the run that committed returned", async () => {
    let runs = 0;
    const result = await retryingTransaction(async () => {
      runs++;
      if (runs < 3) throw dbError("40P01");
      return "committed";
    });
    expect({ result, runs }).toEqual({ result: "committed", runs: 3 });
  });

  test("never runs again for other errors, and gives up after its attempts", async () => {
    let runs = 0;
    await expect(
      retryingTransaction(async () => {
        runs++;
        throw dbError("23505");
      }),
    ).rejects.toThrow("db 23505");
    expect(runs).toBe(1);
    runs = 0;
    await expect(
      retryingTransaction(async () => {
        runs++;
        throw dbError("40001");
      }, 3),
    ).rejects.toThrow("db 40001");
    expect(runs).toBe(3);
  });
});
