/**
 * Query limits, as GraphQL validation rules (so they apply over HTTP and WebSocket alike):
 * depth, aliases and cost, from graphql-armor. A rejected query is reported with
 * `extensions.code = LIMIT_EXCEEDED` and never executed.
 */
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import { GraphQLError, type ValidationRule } from "graphql";

export const LIMITS = { depth: 12, aliases: 30, cost: 20_000 } as const;

/** Reports the rule's rejection as a validation error carrying LIMIT_EXCEEDED (instead of throwing). */
const report: GraphQLArmorRejectCallback = (context, error) => {
  context?.reportError(
    new GraphQLError(error.message.replace(/^Syntax Error: /, ""), {
      extensions: { code: "LIMIT_EXCEEDED" },
    }),
  );
};
const common = { exposeLimits: true, propagateOnRejection: false, onReject: [report] };

export const limitRules: ValidationRule[] = [
  maxDepthRule({ n: LIMITS.depth, ignoreIntrospection: true, ...common }),
  maxAliasesRule({ n: LIMITS.aliases, ...common }),
  costLimitRule({ maxCost: LIMITS.cost, ignoreIntrospection: true, ...common }),
] as unknown as ValidationRule[];
