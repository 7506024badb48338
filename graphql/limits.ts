/**
 * Query limits, as GraphQL validation rules (so they apply over HTTP and WebSocket alike):
 * depth, aliases, cost and tokens, from graphql-armor. A rejected query is reported with
 * `extensions.code = LIMIT_EXCEEDED` and never executed.
 */
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { GraphQLError, type ValidationContext, type ValidationRule } from "graphql";

export const LIMITS = { depth: 12, aliases: 30, cost: 20_000 } as const;

/** Re-reports a rule's errors with the LIMIT_EXCEEDED code. */
function limitRule(make: (context: ValidationContext) => object): ValidationRule {
  return (context) => {
    const relabel = new Proxy(context, {
      get(target, prop, receiver) {
        if (prop === "reportError") {
          return (error: GraphQLError) =>
            target.reportError(
              new GraphQLError(error.message.replace(/^Syntax Error: /, ""), {
                nodes: error.nodes,
                extensions: { code: "LIMIT_EXCEEDED" },
              }),
            );
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return make(relabel) as ReturnType<ValidationRule>;
  };
}

export const limitRules: ValidationRule[] = [
  limitRule(maxDepthRule({ n: LIMITS.depth, ignoreIntrospection: true, exposeLimits: true })),
  limitRule(maxAliasesRule({ n: LIMITS.aliases, exposeLimits: true })),
  limitRule(costLimitRule({ maxCost: LIMITS.cost, exposeLimits: true, ignoreIntrospection: true })),
];
