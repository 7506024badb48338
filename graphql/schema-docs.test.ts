/**
 * The API documents itself: every type, field, argument, enum value, input field and scalar of the
 * schema as served (SDL plus resolvers) has a description, which the explorer at /api/graphql and
 * introspection show to script authors.
 */
import {
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
} from "graphql";
import { describe, expect, test } from "vitest";
import type { ChangeNotifier } from "@/lib/drive";
import { buildSchema } from "./server";

/** Schema coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) without a description. */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    } else if (isUnionType(type)) {
      // A union has no members of its own to describe: its description covers it.
    }
  }
  return missing.sort();
}

describe("schema documentation", () => {
  // The notifier only serves subscriptions, which building the schema does not start.
  const schema = buildSchema({} as ChangeNotifier);

  test("every type, field, argument, enum value and input field has a description", () => {
    expect(undocumented(schema)).toEqual([]);
  });

  test("the check notices what is missing", () => {
    expect(schema.getType("Query")).toBeDefined();
    const probe = buildSchema({} as ChangeNotifier);
    const query = probe.getQueryType()!;
    query.description = undefined;
    const me = query.getFields().me!;
    me.description = "";
    expect(undocumented(probe)).toEqual(expect.arrayContaining(["Query", "Query.me"]));
  });
});
