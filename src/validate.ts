// Ajv (JSON Schema 2020-12) validators for the schemas of a bundled provider document, addressed by
// operation, status and media type, and compiled once each.
import { Ajv2020, type ValidateFunction, type ErrorObject } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { createParser } from "eventsource-parser";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
type Doc = Record<string, any>;
/** A key as one JSON-pointer segment. */
export const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

export interface BundleValidators {
  requestBody(operationId: string): ValidateFunction;
  response(operationId: string, status: number | string, mediaType?: string): ValidateFunction;
  /** validator for the `data:` payload of one server-sent event of a `text/event-stream` response */
  sseData(operationId: string, status?: number | string): ValidateFunction;
  /** media types the operation documents for a status (its `default` response's when the status is not listed) */
  mediaTypes(operationId: string, status: number | string): string[];
}

export function createValidators(doc: Doc): BundleValidators {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const id = "urn:gemini-openapi:bundle";
  ajv.addSchema(doc, id);
  const cache = new Map<string, ValidateFunction>();
  const at = (pointer: string) => {
    let fn = cache.get(pointer);
    if (!fn) {
      fn = ajv.compile({ $ref: `${id}#${pointer}` });
      cache.set(pointer, fn);
    }
    return fn;
  };
  const opPointer = (operationId: string) => operationPointer(doc, operationId);
  const responseMedia = (operationId: string, status: number | string) => {
    // A status the operation does not list falls under its `default` response, as in OpenAPI itself.
    const listed = resolvePointer(doc, `${opPointer(operationId)}/responses/${status}`);
    const base = `${opPointer(operationId)}/responses/${listed ? status : "default"}`;
    const resolved = resolvePointer(doc, base);
    if (!resolved) throw new Error(`${operationId} documents no ${status} response`);
    return resolved.$ref ? resolved.$ref.slice(1) : base;
  };
  return {
    requestBody: (op) => at(requestBodyPointer(doc, op)),
    response: (op, status, mediaType = "application/json") =>
      at(`${responseMedia(op, status)}/content/${escapePointer(mediaType)}/schema`),
    sseData: (op, status = 200) =>
      at(`${responseMedia(op, status)}/content/text~1event-stream/x-itemSchema/properties/data/contentSchema`),
    mediaTypes: (op, status) => Object.keys(resolvePointer(doc, `${responseMedia(op, status)}/content`) ?? {}),
  };
}

export function resolvePointer(doc: Doc, pointer: string): any {
  return pointer.split("/").slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((at, key) => at?.[key], doc);
}

/** The node with its local `$ref`s followed (a bounded number of hops, so a loop cannot hang). */
export function resolveRef(doc: Doc, node: any): any {
  let at = node;
  for (let hops = 0; typeof at?.$ref === "string" && at.$ref.startsWith("#/") && hops < 20; hops++) {
    at = resolvePointer(doc, at.$ref.slice(1));
  }
  return at;
}

/** JSON pointer of the operation with this operationId (`/paths/<escaped path>/<method>`). */
export function operationPointer(doc: Doc, operationId: string): string {
  for (const [path, item] of Object.entries<Doc>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Doc>(item)) {
      if (op?.operationId === operationId) return `/paths/${escapePointer(path)}/${method}`;
    }
  }
  throw new Error(`no operation ${operationId}`);
}

/** JSON pointer of the schema of an operation's JSON request body. */
export const requestBodyPointer = (doc: Doc, operationId: string) => `${operationPointer(doc, operationId)}/requestBody/content/application~1json/schema`;

/** The `data:` payloads of a server-sent-event body, as sent (unparsed), in order. */
export function sseFrames(body: string): string[] {
  const frames: string[] = [];
  const parser = createParser({ onEvent: (event) => frames.push(event.data) });
  parser.feed(body);
  return frames;
}

/** The `data:` payloads of a server-sent-event body, parsed as JSON, in order. */
export function parseSse(body: string): unknown[] {
  return sseFrames(body).map((data) => JSON.parse(data));
}

export function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`).join("\n");
}
