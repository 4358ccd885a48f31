// Request-body validators for a wire bundle: Ajv (JSON Schema 2020-12) with the options of ../validate.ts,
// compiled to standalone code once and kept in the mock cache, so a start loads them in milliseconds.
//
// Prism's own request validation cannot be used: it compiles each schema as draft-07 and, when the compile
// throws (it does on the wire bundle: "can't resolve reference #/paths/~1v1beta~1models~1%7Bmodel%7D%3A…"),
// lets every body through.
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import { _ } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";
import { requestBodyPointer, resolvePointer } from "../validate.ts";
import { cacheKey, readCache, writeCache } from "./cache.ts";

type Doc = Record<string, any>;
const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const standaloneCode = (standaloneModule as any).default ?? standaloneModule;
const versions = ["ajv", "ajv-formats"].map((name) => `${name}@${require(`${name}/package.json`).version}`);

function requestPointers(wire: Doc, operationIds: string[]): Record<string, string> {
  // Operations without a JSON body (GET) have nothing to validate.
  return Object.fromEntries(operationIds
    .map((id) => [id, requestBodyPointer(wire, id)])
    .filter(([, pointer]) => resolvePointer(wire, pointer) !== undefined));
}

function compile(wire: Doc, pointers: Record<string, string>, allErrors: boolean): string {
  const ajv = new Ajv2020({
    strict: false,
    allErrors,
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  ajv.addSchema(wire, "urn:gemini-mock:bundle");
  const exports: Record<string, string> = {};
  for (const [operationId, pointer] of Object.entries(pointers)) {
    const id = `urn:gemini-mock:request-${operationId}`;
    ajv.addSchema({ $id: id, $ref: `urn:gemini-mock:bundle#${encodeURI(pointer)}` });
    exports[operationId] = id;
  }
  return standaloneCode(ajv, exports);
}

/**
 * A body's two validators. `first` stops at the first violation, so its cost never exceeds one pass over the
 * body whatever is wrong with it; `every` collects every violation, which only pays on a small body (on a large
 * one full of errors it would build millions of error objects).
 */
export interface BodyValidators {
  first: ValidateFunction;
  every: ValidateFunction;
  /** the body's schema in the wire bundle (a $ref), for naming fields and finding drift */
  schema: unknown;
}

function compiled(wire: Doc, pointers: Record<string, string>, allErrors: boolean): Record<string, ValidateFunction> {
  // Keyed by what the code is compiled from (the body schemas, not the examples beside them), so providers
  // with the same schemas share one entry.
  const bodies = Object.values(pointers).map((pointer) => resolvePointer(wire, pointer));
  const name = `request-validators-${allErrors ? "every" : "first"}-${cacheKey(versions, pointers, bodies, wire.components?.schemas)}.cjs`;
  return readCache(name, (file) => require(file) as Record<string, ValidateFunction>) ?? (() => {
    const code = compile(wire, pointers, allErrors);
    writeCache(name, code);
    const module = { exports: {} as Record<string, ValidateFunction> };
    new Function("require", "module", "exports", code)(require, module, module.exports);
    return module.exports;
  })();
}

/** Compiled (or cached) validators of the request body, by operationId, for the operations that take one. */
export function requestValidators(wire: Doc, operationIds: string[]): Map<string, BodyValidators> {
  // An operationId the bundle lacks throws here ("no operation …").
  const pointers = requestPointers(wire, operationIds);
  const first = compiled(wire, pointers, false);
  const every = compiled(wire, pointers, true);
  return new Map(Object.entries(pointers).map(([id, pointer]) =>
    [id, { first: first[id], every: every[id], schema: resolvePointer(wire, pointer) }]));
}
