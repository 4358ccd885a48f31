// The field inventory of @google/genai: every field of the REST requests and responses the SDK types for
// generateContent, countTokens, embeddings and the model list, found by walking its declarations from each
// method's parameters and response class, with the
// wire name, the REST path (the field tree's notation: `[]` a list element, `{}` a map value), the type, the
// enum values, and the API the SDK uses it with — decided by its converters first (a field the `…ToMldev`
// converter sends, or the `…FromMldev` one reads, is a Gemini API field; one it throws for, or only the
// Vertex converter handles, is Vertex-only), by its own doc comment ("not supported in Gemini API") where a
// converter passes an object through unchanged. Fields neither converter touches never travel (an abort
// signal, the automatic-function-calling history) and are listed apart.
import type { Converter, Mapping } from "./converters.ts";
import type { Declarations, EnumValue, Property, TypeRef } from "./declarations.ts";

export type Api = "gemini" | "vertex";

export interface InventoryField {
  /** REST path, e.g. `GenerateContentRequest.contents[].parts[].thoughtSignature` */
  path: string;
  side: "request" | "response";
  /** the SDK type that declares the field, and its name there */
  owner: string;
  sdkName: string;
  /** the SDK's type as a short expression: `string`, `Part[]`, `Record<string, Schema>` */
  type: string;
  jsonType: "string" | "number" | "boolean" | "object" | "any";
  enum?: { name: string; values: Array<{ value: string; api: Api }> };
  api: Api;
  /** why `api` is what it is */
  evidence: string;
}

export interface ClientOnlyField { owner: string; sdkName: string; side: "request" | "response" }

export interface Inventory { fields: InventoryField[]; clientOnly: ClientOnlyField[] }

/**
 * The roots of the walk: the converter pairs for each method's request parameters and response, under the REST
 * name of what the SDK sends to the Gemini API (its embedContent calls `:batchEmbedContents`). The model list's
 * and lookup's parameters are all URL parts, so only their responses are walked.
 */
export interface Root { side: "request" | "response"; path: string; type: string; mldev: string; vertex: string }

export const ROOTS: readonly Root[] = [
  { side: "request", path: "GenerateContentRequest", type: "GenerateContentParameters", mldev: "generateContentParametersToMldev", vertex: "generateContentParametersToVertex" },
  { side: "response", path: "GenerateContentResponse", type: "GenerateContentResponse", mldev: "generateContentResponseFromMldev", vertex: "generateContentResponseFromVertex" },
  { side: "request", path: "CountTokensRequest", type: "CountTokensParameters", mldev: "countTokensParametersToMldev", vertex: "countTokensParametersToVertex" },
  { side: "response", path: "CountTokensResponse", type: "CountTokensResponse", mldev: "countTokensResponseFromMldev", vertex: "countTokensResponseFromVertex" },
  { side: "request", path: "BatchEmbedContentsRequest", type: "EmbedContentParameters", mldev: "embedContentParametersPrivateToMldev", vertex: "embedContentParametersPrivateToVertex" },
  { side: "response", path: "BatchEmbedContentsResponse", type: "EmbedContentResponse", mldev: "embedContentResponseFromMldev", vertex: "embedContentResponseFromVertex" },
  { side: "response", path: "ListModelsResponse", type: "ListModelsResponse", mldev: "listModelsResponseFromMldev", vertex: "listModelsResponseFromVertex" },
  { side: "response", path: "Model", type: "Model", mldev: "modelFromMldev", vertex: "modelFromVertex" },
];

// The SDK flattens the request's generationConfig into its `GenerateContentConfig` (with systemInstruction,
// tools, … beside it); its REST-shaped `GenerationConfig` interface holds the wire types (`Modality[]` where
// the config says `string[]`) and the fields the config leaves out.
const REST_SHAPE: Record<string, string> = { "GenerateContentRequest.generationConfig": "GenerationConfig" };

const NOT_ON_GEMINI = /not supported in (the )?Gemini API|^Gemini Enterprise Agent Platform only\b/i;

/** A property's type as the wire sees it: `[]`/`{}` containers, JSON type, object type to walk into, enum values. */
interface Resolved { suffix: string; json: InventoryField["jsonType"]; object?: string; enumName?: string; values?: EnumValue[] }

function typeText(ref: TypeRef): string {
  switch (ref.kind) {
    case "primitive": case "named": return ref.name;
    case "array": return `${typeText(ref.of)}[]`;
    case "map": return `Record<string, ${typeText(ref.of)}>`;
    case "literals": return ref.values.map((v) => `'${v}'`).join(" | ");
    case "union": return ref.of.map(typeText).join(" | ");
  }
}

function resolve(decl: Declarations, ref: TypeRef, depth = 0): Resolved {
  if (depth > 10) return { suffix: "", json: "any" };
  switch (ref.kind) {
    case "primitive": {
      const json = ({ string: "string", number: "number", boolean: "boolean" } as const)[ref.name as "string"];
      return { suffix: "", json: json ?? (ref.name === "object" ? "object" : "any") };
    }
    case "literals": return { suffix: "", json: "string", enumName: "", values: ref.values.map((value) => ({ value, doc: "" })) };
    case "array": case "map": {
      const inner = resolve(decl, ref.of, depth + 1);
      return { ...inner, suffix: (ref.kind === "array" ? "[]" : "{}") + inner.suffix };
    }
    case "union": {
      const options = ref.of.map((r) => resolve(decl, r, depth + 1));
      return options.find((o) => o.object) ?? options.find((o) => o.json !== "any") ?? options[0];
    }
    case "named": {
      if (decl.objects.has(ref.name)) return { suffix: "", json: "object", object: ref.name };
      const e = decl.enums.get(ref.name);
      if (e) return { suffix: "", json: "string", enumName: ref.name, values: e.values };
      const alias = decl.aliases.get(ref.name);
      if (!alias) return { suffix: "", json: "any" };
      // The SDK's input unions (`ContentUnion = Content | PartUnion[] | PartUnion`) stand for the REST type
      // they are named after; `…ListUnion` for a list of it.
      const base = ref.name.replace(/(List)?Union$/, "");
      if (base !== ref.name && decl.objects.has(base)) {
        return { suffix: ref.name.endsWith("ListUnion") ? "[]" : "", json: "object", object: base };
      }
      return resolve(decl, alias, depth + 1);
    }
  }
}

/** The converter a mapping applies to a value of type `object` (`partToMldev$1` for `Part`, `blobToMldev` for `Blob_2`). */
function nestedConverter(mapping: Mapping | undefined, object: string): string | undefined {
  const prefix = object.replace(/_\d+$/, "").toLowerCase();
  return mapping?.converters.find((n) => n.toLowerCase().startsWith(prefix)) ?? mapping?.converters[0];
}

function propertiesOf(decl: Declarations, type: string, seen = new Set<string>()): Property[] {
  const object = decl.objects.get(type);
  if (!object || seen.has(type)) return [];
  seen.add(type);
  const own = object.properties;
  const inherited = object.extends.flatMap((parent) => propertiesOf(decl, parent, seen)).filter((p) => !own.some((o) => o.name === p.name));
  return [...own, ...inherited];
}

interface Visit {
  side: "request" | "response";
  path: string;
  type: string;
  /** the path of the object passed to the converter as its parentObject */
  parentPath: string;
  mldev?: Converter;
  vertex?: Converter;
  api: Api;
  /** how the enclosing field was classified, for fields passed through without a converter */
  inherited: string;
  /** the types on the way here: a type met again is not expanded (the field tree's rule for recursion) */
  ancestors: string[];
}

export function buildInventory(decl: Declarations, converters: Map<string, Converter>, roots: readonly Root[] = ROOTS): Inventory {
  const fields: InventoryField[] = [];
  const clientOnly: ClientOnlyField[] = [];
  const paths = new Set<string>();
  const queue: Visit[] = roots.map((r) => ({
    side: r.side, path: r.path, type: r.type, parentPath: r.path, api: "gemini",
    mldev: converters.get(r.mldev), vertex: converters.get(r.vertex), inherited: "", ancestors: [],
  }));
  while (queue.length) {
    const visit = queue.shift()!;
    if (visit.ancestors.includes(visit.type)) continue;
    const own = propertiesOf(decl, visit.type);
    const rest = REST_SHAPE[visit.path];
    const restProps = rest ? propertiesOf(decl, rest) : [];
    const props: Array<Property & { owner: string; restOnly?: boolean }> = [
      ...own.map((p) => ({ ...p, owner: visit.type, type: restProps.find((r) => r.name === p.name)?.type ?? p.type })),
      ...restProps.filter((r) => !own.some((p) => p.name === r.name)).map((p) => ({ ...p, owner: rest, restOnly: true })),
    ];
    for (const prop of props) {
      // A field may be written twice (into the URL and into the body): the body's mapping is the one that counts.
      // A config merged into this object has no wire path; one only checked for errors sends nothing.
      const mappingsIn = (converter?: Converter) => converter?.mappings.filter((m) => m.sdk.length === 1 && m.sdk[0] === prop.name) ?? [];
      const pick = (all: Mapping[]) => all.find((m) => m.wire.length && !m.wire[0].startsWith("_"))
        ?? all.find((m) => !m.wire.length && m.handsOver) ?? all.find((m) => m.wire.length);
      const [mldevAll, vertexAll] = [mappingsIn(visit.mldev), mappingsIn(visit.vertex)];
      const mldev = pick(mldevAll);
      const vertex = pick(vertexAll);
      const mapping = mldev ?? vertex;
      if (mapping && mapping.wire[0]?.startsWith("_")) continue; // a URL part (`_url.model`), not a body field
      const verb = visit.side === "request" ? "sends" : "reads";
      const reject = visit.mldev?.rejects.get(prop.name);
      const resolved = resolve(decl, prop.type);
      if (mapping && mapping.wire.length === 0 && resolved.object) {
        // a config merged into this object: its fields land here, each classified by the nested converters
        // (the Gemini one may be called only for the errors it throws)
        const merged = (all: Mapping[]) => converters.get(nestedConverter(all.find((m) => !m.wire.length), resolved.object!) ?? "");
        queue.push({
          ...visit, type: resolved.object, parentPath: visit.path, mldev: merged(mldevAll), vertex: merged(vertexAll),
          ancestors: [...visit.ancestors, visit.type],
        });
        continue;
      }
      const typeDoc = resolved.object ? decl.objects.get(resolved.object)?.doc ?? "" : "";
      let api: Api;
      let evidence: string;
      if (visit.api === "vertex") [api, evidence] = ["vertex", visit.inherited];
      else if (mldev) [api, evidence] = ["gemini", `${visit.mldev!.name} ${verb} it`];
      else if (reject !== undefined) [api, evidence] = ["vertex", `${visit.mldev!.name} throws: ${reject}`];
      else if (!visit.mldev || prop.restOnly) {
        // passed through to the Gemini API as the SDK types it: only the doc comments can tell
        if (NOT_ON_GEMINI.test(prop.doc)) [api, evidence] = ["vertex", `its doc comment in ${prop.owner}: not supported in Gemini API`];
        else if (NOT_ON_GEMINI.test(typeDoc)) [api, evidence] = ["vertex", `the doc comment of its type ${resolved.object}: not supported in Gemini API`];
        else [api, evidence] = ["gemini", prop.restOnly ? `declared by the REST-shaped ${prop.owner}` : visit.inherited];
      } else if (vertex || !visit.vertex) {
        [api, evidence] = ["vertex", `${visit.mldev.name} leaves it out; ${visit.vertex ? `${visit.vertex.name} ${verb} it` : "the Vertex path passes it through"}`];
      } else {
        clientOnly.push({ owner: prop.owner, sdkName: prop.name, side: visit.side });
        continue;
      }
      const wire = mapping?.wire ?? [prop.name];
      const holder = mapping?.target === "parent" ? visit.parentPath : visit.path;
      // A list the SDK spreads over a repeated wire field (`requests[].content`) gives one item to each entry.
      const suffix = wire.some((w) => w.endsWith("[]")) ? resolved.suffix.replace(/^\[\]/, "") : resolved.suffix;
      const path = `${holder}.${wire.join(".")}${suffix}`;
      // Two SDK fields can land on one wire path (ImageConfig.outputMimeType and imageOutputOptions.mimeType)
      if (paths.has(path)) continue;
      paths.add(path);
      const field: InventoryField = {
        path, side: visit.side, owner: prop.owner, sdkName: prop.name, type: typeText(prop.type), jsonType: resolved.json, api, evidence,
      };
      if (resolved.values) {
        field.enum = {
          name: resolved.enumName ?? "",
          values: resolved.values.map((v) => ({ value: v.value, api: api === "vertex" || NOT_ON_GEMINI.test(v.doc) ? "vertex" : "gemini" })),
        };
      }
      fields.push(field);
      if (resolved.object) {
        queue.push({
          side: visit.side, path, type: resolved.object, parentPath: visit.path, api,
          // an object passed through unchanged has no converter: its fields travel as the SDK types them
          mldev: converters.get(nestedConverter(mldev, resolved.object) ?? ""),
          vertex: converters.get(nestedConverter(vertex, resolved.object) ?? ""),
          inherited: api === "vertex" ? `inside ${path}, which is Vertex-only` : `passed through inside ${path}`,
          ancestors: [...visit.ancestors, visit.type],
        });
      }
    }
  }
  fields.sort((a, b) => a.path.localeCompare(b.path));
  return { fields, clientOnly };
}
