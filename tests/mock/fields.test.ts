// How the mock names fields and what it flags: Google's proto names for the fields the API declares, the user's
// own names (function parameters, schema properties, labels) as sent; Schema's own rule in Google's words; and
// what an accepted request carries that the spec does not describe, flagged in a response header.
import { describe, expect, test } from "vitest";
import { DRIFT_HEADER } from "../../src/mock/handler.ts";
import { providers } from "../helpers/bundles.ts";
import { call } from "./helpers.ts";

const tool = (parameters: unknown) => ({
  contents: [{ role: "user", parts: [{ text: "Bake a cake" }] }],
  tools: [{ functionDeclarations: [{ name: "bake", description: "Bakes.", parameters }] }],
});
const violations = (text: string) => JSON.parse(text).error.details[0].fieldViolations as { field: string; description: string }[];

describe.each(providers)("%s mock", (id) => {
  test("error paths keep the names a user chose and use proto names for the API's own fields", async () => {
    const res = await call(id, "generateContent", { body: tool({ type: "OBJECT", properties: { bakeMinutes: { type: true }, ovenSettings: { type: "OBJECT", properties: { maxTemperature: { type: "NUMBER", minimum: "hot" } } } } }) });
    expect(res.status, res.text).toBe(400);
    const fields = violations(res.text).map((v) => v.field);
    expect(fields).toContain("tools[0].function_declarations[0].parameters.properties.bakeMinutes.type");
    expect(fields).toContain("tools[0].function_declarations[0].parameters.properties.ovenSettings.properties.maxTemperature.minimum");
    expect(fields.join(" ")).not.toMatch(/bake_minutes|oven_settings|max_temperature/);
  });

  test("a schema with neither type nor anyOf/oneOf/allOf is refused in Google's words; with anyOf it is taken", async () => {
    const bad = await call(id, "generateContent", { body: tool({ type: "OBJECT", properties: { size: { description: "no type" } } }) });
    expect(bad.status).toBe(400);
    expect(violations(bad.text)).toContainEqual({
      field: "tools[0].function_declarations[0].parameters.properties.size",
      description: "type: must be specified when not using one_of, any_of or all_of fields",
    });
    const nullable = await call(id, "generateContent", { body: tool({ type: "OBJECT", properties: { size: { anyOf: [{ type: "STRING" }, { type: "NULL" }] } } }) });
    expect(nullable.status, nullable.text).toBe(200);
    expect(nullable.headers.get(DRIFT_HEADER)).toBeNull();
  });

  test("an unknown field and an enum name the spec does not list are taken, and named in a response header", async () => {
    const res = await call(id, "generateContent", {
      body: {
        contents: [{ role: "user", parts: [{ text: "hi" }] }],
        generationConfig: { temprature: 0.5, thinkingConfig: { thinkingLevel: "ULTRA_MEGA" } },
        labels: { team: "search" },
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get(DRIFT_HEADER)).toBe(
      "unknown property generation_config.temprature, unknown enum value generation_config.thinking_config.thinking_level=ULTRA_MEGA");
    const known = await call(id, "generateContent", { body: { contents: [{ parts: [{ text: "hi" }] }], generationConfig: { thinkingConfig: { thinkingLevel: "XHIGH" }, responseModalities: ["VIDEO"] } } });
    expect(known.status, known.text).toBe(200);
    expect(known.headers.get(DRIFT_HEADER)).toBeNull();
  });

  test("a name that cannot be an enum value is still refused", async () => {
    const res = await call(id, "generateContent", { body: { contents: [{ parts: [{ text: "hi" }] }], generationConfig: { thinkingConfig: { thinkingLevel: "very high" } } } });
    expect(res.status).toBe(400);
    expect(violations(res.text)[0]).toMatchObject({ field: "generation_config.thinking_config.thinking_level", description: expect.stringMatching(/^must be one of "THINKING_LEVEL_UNSPECIFIED"/) });
  });
});
