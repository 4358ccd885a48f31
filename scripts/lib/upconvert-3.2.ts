// Derives openapi.3.2.json, an OpenAPI 3.2 copy of a canonical 3.1 bundle that describes the stream the way
// 3.2 can: a media type's `itemSchema` is the schema of one item of a sequential body, for
// `text/event-stream` one event as an object of its fields (`data`, `event`, `id`, `retry`). The canonical
// bundle keeps that schema in the `x-itemSchema` extension (3.1 has no such field) and says `type: string`;
// here it becomes the real `itemSchema` and the string schema goes, so that tools reading 3.2 see events
// instead of text. A string example (the body as sent) becomes the Example Object's `serializedValue`, 3.2's
// field for a serialised body; `value` would claim to be the data described by the schema.
// Everything else is valid 3.2 as it stands: 3.2 only adds to 3.1.
import { resolveRef } from "../../src/validate.ts";

type Node = Record<string, any>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

function mediaTypes(doc: Node): Node[] {
  const found: Node[] = [];
  const collect = (content: Node | undefined) => content && found.push(...Object.values<Node>(content));
  for (const item of Object.values<Node>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      collect(resolveRef(doc, operation.requestBody)?.content);
      for (const response of Object.values<Node>(operation.responses ?? {})) collect(resolveRef(doc, response)?.content);
    }
  }
  for (const response of Object.values<Node>(doc.components?.responses ?? {})) collect(response.content);
  return [...new Set(found)];
}

function streamMedia(media: Node): void {
  if (!media["x-itemSchema"]) return;
  const { "x-itemSchema": itemSchema, schema, ...rest } = media;
  for (const key of Object.keys(media)) delete media[key];
  Object.assign(media, { itemSchema, ...rest });
  for (const example of Object.values<Node>(media.examples ?? {})) {
    if (typeof example.value !== "string") continue;
    example.serializedValue = example.value;
    delete example.value;
  }
}

/** The OpenAPI 3.2 variant of a canonical 3.1 bundle (the input is not modified). */
export function upConvert32(canonical: Node): Node {
  const doc = structuredClone(canonical);
  doc.openapi = "3.2.0";
  for (const media of mediaTypes(doc)) streamMedia(media);
  doc["x-gemini-variant"] = "openapi-3.2";
  return doc;
}
