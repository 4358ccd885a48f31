// Redocly plugin that composes one provider's bundle from the shared spec. Two things cannot be said with
// plain $refs, because a $ref resolves relative to the file that holds it and shared files cannot point
// "into the provider that includes them": which examples a provider shows, and which shapes of a body it
// sends where providers differ (the error envelope, the model list). The provider's root states both (its
// examples/ folder, `x-gemini-provider.errorShapes` and `modelListShape`); this decorator applies them at
// bundle time. It also marks each response with whose documentation lists it (`x-documented-by`), from the
// root's `x-gemini-provider.documentedStatuses`: a gateway documents a few statuses and inherits the rest from
// Google's API. `redocly lint` checks the sources as written; the bundles are
// linted too (see scripts/build-spec.ts), so the attached examples are checked against their schemas.
// Last, it writes each operation's code samples (code-samples.js), which need the examples attached first.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { attachCodeSamples } from "./code-samples.js";

const JSON_TYPE = "application/json";
const SSE_TYPE = "text/event-stream";

/** Example files below `dir`: examples/<operationId|errors>/<request|status>/<name>[.sse].yaml */
export function readExampleTree(dir) {
  const found = [];
  if (!fs.existsSync(dir)) return found;
  for (const group of fs.readdirSync(dir).sort()) {
    for (const target of fs.readdirSync(path.join(dir, group)).sort()) {
      for (const file of fs.readdirSync(path.join(dir, group, target)).sort()) {
        if (!file.endsWith(".yaml")) continue;
        const sse = file.endsWith(".sse.yaml");
        const name = file.replace(/(\.sse)?\.yaml$/, "");
        const example = YAML.parse(fs.readFileSync(path.join(dir, group, target, file), "utf8"));
        found.push({ group, target, name, mediaType: sse ? SSE_TYPE : JSON_TYPE, example, file: path.join(dir, group, target, file) });
      }
    }
  }
  return found;
}

/**
 * Each marker a schema or an example can carry to say which variant of a body it is, and the variants a
 * provider sends: every provider documents its error envelopes; the model list is Google's unless the
 * provider says otherwise.
 */
function shapesOf(provider) {
  return {
    "x-error-shape": provider.errorShapes,
    "x-model-list-shape": [provider.modelListShape ?? "google"],
  };
}

function appliesTo(example, provider) {
  for (const [marker, allowed] of Object.entries(shapesOf(provider))) {
    if (example[marker] && !allowed.includes(example[marker])) return false;
  }
  const only = example["x-providers"];
  return !only || only.includes(provider.id);
}

function resolveLocal(root, node) {
  const ref = node?.$ref;
  if (!ref?.startsWith("#/")) return node;
  return ref.slice(2).split("/").reduce((at, key) => at?.[key], root);
}

function operations(root) {
  return Object.values(root.paths ?? {}).flatMap((item) =>
    ["get", "put", "post", "delete", "patch"].filter((m) => item[m]).map((m) => item[m]));
}

// An example for one operation's error status must not land on the shared response every operation refers to:
// the operation gets its own copy of that response first.
function ownResponse(root, operation, target) {
  const response = operation.responses?.[target];
  if (response?.$ref) operation.responses[target] = structuredClone(resolveLocal(root, response));
  return operation.responses?.[target];
}

function mediaTypeFor(root, operation, target, mediaType, shared) {
  const holder = target === "request"
    ? resolveLocal(root, operation.requestBody)
    : shared ? resolveLocal(root, operation.responses?.[target]) : ownResponse(root, operation, target);
  const media = holder?.content?.[mediaType];
  if (!media) throw new Error(`${operation.operationId}: no ${mediaType} content for '${target}' to attach examples to`);
  return media;
}

// Prism serves the first example unless asked for another, so the plain text exchange leads, then what the
// provider's own documentation shows, then the rest by name.
function rank(entry, provider) {
  if (entry.name === "basic-text") return 0;
  return entry.name.startsWith(`${provider.id}-docs`) ? 1 : 2;
}

function attachExamples(root, providerDir, specDir, provider) {
  // A provider example replaces a shared example of the same name.
  const own = readExampleTree(path.join(providerDir, "examples"));
  const ownKeys = new Set(own.map((e) => `${e.group}/${e.target}/${e.mediaType}/${e.name}`));
  const shared = readExampleTree(path.join(specDir, "examples"))
    .filter((e) => !ownKeys.has(`${e.group}/${e.target}/${e.mediaType}/${e.name}`));
  const ops = operations(root);
  const known = new Set(fs.readdirSync(path.join(specDir, "operations")).map((f) => f.replace(/\.yaml$/, "")));
  // Examples for every operation go first, so that an operation's own copy of a response (see ownResponse)
  // already holds them.
  const ordered = [...own, ...shared].sort((a, b) => (a.group === "errors" ? 0 : 1) - (b.group === "errors" ? 0 : 1)
    || rank(a, provider) - rank(b, provider) || a.name.localeCompare(b.name));
  for (const entry of ordered) {
    if (!appliesTo(entry.example, provider)) continue;
    const targets = entry.group === "errors" ? ops : ops.filter((op) => op.operationId === entry.group);
    // A shared example of an operation this provider does not serve is simply not shown; one naming no
    // operation at all is a mistake.
    if (targets.length === 0 && !known.has(entry.group)) throw new Error(`${entry.file}: no operation '${entry.group}'`);
    for (const op of targets) {
      const media = mediaTypeFor(root, op, entry.target, entry.mediaType, entry.group === "errors");
      media.examples ??= {};
      media.examples[entry.name] = entry.example;
    }
  }
}

// A union whose branches all carry the marker keeps only the branches the provider sends; a schema of a shape
// the provider does not send is then dropped, once nothing refers to it any more.
function narrowShapes(root, marker, allowed) {
  const schemas = root.components?.schemas ?? {};
  const shapeOf = (item) => resolveLocal(root, item)?.[marker];
  for (const schema of Object.values(schemas)) {
    if (!Array.isArray(schema.anyOf) || !schema.anyOf.every(shapeOf)) continue;
    schema.anyOf = schema.anyOf.filter((item) => allowed.includes(shapeOf(item)));
    if (schema.anyOf.length === 1) {
      schema.$ref = schema.anyOf[0].$ref;
      delete schema.anyOf;
    }
  }
  for (let dropped = true; dropped;) {
    dropped = false;
    const text = JSON.stringify(root);
    for (const [name, schema] of Object.entries(schemas)) {
      const shape = schema[marker];
      if (shape && !allowed.includes(shape) && !text.includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        dropped = true;
      }
    }
  }
}

// Whose documentation lists each answer: the provider's own for the statuses in `documentedStatuses`, Google's
// for the rest (a gateway relays what Google answers). Said twice: `x-documented-by` for tools, and a sentence
// at the end of the response's description for readers of the rendered docs. Shared responses are components
// of this provider's bundle, so marking them marks them for this provider only.
function markDocumentedResponses(root, provider) {
  const documented = provider.documentedStatuses;
  if (!Array.isArray(documented)) throw new Error(`${provider.id}: x-gemini-provider.documentedStatuses is missing`);
  const marked = new Map();
  for (const op of operations(root)) {
    for (const [status, entry] of Object.entries(op.responses ?? {})) {
      const response = resolveLocal(root, entry);
      const by = documented.includes(status) ? provider.id : "google";
      const before = marked.get(response);
      if (before !== undefined) {
        if (before !== by) throw new Error(`${provider.id}: one response is used for statuses documented by ${before} and by ${by}`);
        continue;
      }
      marked.set(response, by);
      response["x-documented-by"] = by;
      const name = provider.name ?? provider.id;
      const note = by === "google" && provider.id !== "google"
        ? `Inherited from Google: ${name}'s documentation does not list this answer; it is described as Google's API gives it, which the gateway passes on.`
        : `Documented by ${name}.`;
      response.description = `${response.description.trim()}\n\n${note}`;
    }
  }
  const unknown = documented.filter((status) => !operations(root).some((op) => op.responses?.[status]));
  if (unknown.length) throw new Error(`${provider.id}: documentedStatuses lists ${unknown.join(", ")}, which no operation has`);
}

function compose() {
  return {
    Root: {
      leave(root, ctx) {
        const provider = root["x-gemini-provider"];
        if (!provider) return;
        const rootFile = ctx.location.source.absoluteRef;
        const providerDir = path.dirname(rootFile);
        const specDir = path.resolve(providerDir, "..", "..");
        attachExamples(root, providerDir, specDir, provider);
        for (const [marker, allowed] of Object.entries(shapesOf(provider))) narrowShapes(root, marker, allowed);
        markDocumentedResponses(root, provider);
        attachCodeSamples(root, provider);
      },
    },
  };
}

export default function geminiProviderPlugin() {
  return { id: "gemini-provider", decorators: { oas3: { compose } } };
}

export const pluginFile = fileURLToPath(import.meta.url);
