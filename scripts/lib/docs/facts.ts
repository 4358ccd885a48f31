// The facts the comparison page shows about one provider, read from its bundle and nowhere else: servers,
// security, the operations it serves (paths, joined with x-gemini-provider.operations: documented, inferred or
// not served, and why), the model path parameters, the alt parameter and stream media types, the error schemas
// the bundle keeps, whose documentation lists each response (x-documented-by) and the root's
// x-gemini-provider block. Fixed wording lives in index-page.ts; every value comes from here.

import { resolveRef } from "../../../src/validate.ts";

export interface ServerFacts {
  url: string;
  description?: string;
  variables: Array<{ name: string; default: string; description?: string }>;
}

export interface SchemeFacts {
  key: string;
  type: string;
  /** header, query, cookie for apiKey; the HTTP scheme (bearer, basic) for http */
  placement: string;
  /** header or parameter name for apiKey schemes */
  name?: string;
  description?: string;
}

/** Whether a provider serves an operation, as its root's `x-gemini-provider.operations` says. */
export type Served = "documented" | "inferred" | "not-served";
const SERVED: readonly Served[] = ["documented", "inferred", "not-served"];

export interface OperationFacts {
  operationId: string;
  served: Served;
  /** why the provider is said to serve it or not (CommonMark) */
  evidence: string;
  /** method and path (with the server's path prefix) where it is served; absent when not served */
  route?: { method: string; path: string };
}

export interface ModelParameterFacts {
  /** the component the path parameter comes from (`Model`, `EmbeddingModel`) */
  component: string;
  /** the operations whose path takes it */
  operations: string[];
  models: Array<{ id: string; description: string }>;
  /** Description of the open branch of the parameter's schema (any other id), when there is one. */
  otherModels?: string;
}

export interface ProviderFacts {
  id: string;
  name: string;
  title: string;
  page: string;
  servers: ServerFacts[];
  /** Alternatives of the root `security` list; the schemes inside one alternative are all required. */
  auth: SchemeFacts[][];
  requiredHeaders: Array<[string, string]>;
  /** Path of the first server URL (variables at their defaults), "" when the API sits at the host root. */
  pathPrefix: string;
  /** Every operation the root's x-gemini-provider.operations names, in its order, served or not. */
  operations: OperationFacts[];
  /** The path parameters naming a model, in the order operations first use them (generation's `Model` first). */
  modelParameters: ModelParameterFacts[];
  streaming: {
    alt: Array<{ value: string; description: string }>;
    sseWithoutAlt: boolean;
    /** Media type and body description of a stream requested without alt=sse. */
    withoutAlt: { mediaType: string; description: string };
  };
  /** Each error shape the provider sends: the schema carrying that x-error-shape and its envelope's members. */
  errorShapes: Array<{ shape: string; schema: string; members: Array<{ name: string; fields: string[] }>; description: string }>;
  /** Response statuses by whose documentation lists them (`x-documented-by`): the provider's own, or Google's. */
  answers: { documented: string[]; inherited: string[] };
  quirks: string[];
}

const METHODS = ["get", "put", "post", "delete", "patch"] as const;
const SSE = "text/event-stream";
const JSON_TYPE = "application/json";

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`docs: the bundle has no ${what}`);
  return value;
}

/** The server URL with each `{variable}` replaced by its default. */
export function expandServerUrl(server: { url: string; variables?: Record<string, { default: string }> }): string {
  return server.url.replace(/\{([^}]+)\}/g, (_, name) => required(server.variables?.[name]?.default, `default for server variable ${name}`));
}

function operationsOf(doc: any) {
  return Object.entries<any>(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, item, method, operation: item[method] })));
}

function parametersOf(doc: any, item: any, operation: any): any[] {
  return [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveRef(doc, p));
}

/** The model path parameters, grouped by the component they come from, each with the operations that take it. */
function modelParameterFacts(doc: any): ModelParameterFacts[] {
  const found = new Map<string, ModelParameterFacts>();
  for (const { item, operation } of operationsOf(doc)) {
    const raw = [...(item.parameters ?? []), ...(operation.parameters ?? [])].find((p) => resolveRef(doc, p)?.in === "path");
    if (!raw) continue;
    const parameter = resolveRef(doc, raw);
    // named after its component (Model, EmbeddingModel); a parameter written inline, after itself
    const component: string = typeof raw.$ref === "string" ? raw.$ref.split("/").pop() : parameter.name;
    let facts = found.get(component);
    if (!facts) {
      const schema = parameter.schema ?? {};
      const branches: any[] = schema.anyOf ?? schema.oneOf ?? [schema];
      const listed = required(branches.find((b) => Array.isArray(b.enum)), `enum on path parameter ${component}`);
      const open = branches.find((b) => b !== listed && !b.enum);
      facts = {
        component,
        operations: [],
        models: listed.enum.map((id: string) => ({ id, description: listed["x-enumDescriptions"]?.[id] ?? "" })),
        otherModels: open?.description as string | undefined,
      };
      found.set(component, facts);
    }
    facts.operations.push(operation.operationId);
  }
  if (!found.size) throw new Error("docs: the bundle has no model path parameter");
  return [...found.values()];
}

/**
 * The root's x-gemini-provider.operations with the paths that serve them. A served operation without a path,
 * or a path whose operation the block does not call served, is an error: the page would contradict itself.
 */
function operationFacts(doc: any, declared: Record<string, { served: string; evidence: string }>, pathPrefix: string): OperationFacts[] {
  const routes = new Map(operationsOf(doc).map(({ path, method, operation }) =>
    [operation.operationId as string, { method: method.toUpperCase(), path: pathPrefix + path }]));
  for (const operationId of routes.keys()) {
    if (!(operationId in declared)) throw new Error(`docs: x-gemini-provider.operations does not name ${operationId}, which the bundle serves`);
  }
  return Object.entries(declared).map(([operationId, { served, evidence }]) => {
    if (!SERVED.includes(served as Served)) throw new Error(`docs: x-gemini-provider.operations.${operationId}.served is '${served}'`);
    const route = routes.get(operationId);
    if ((served === "not-served") !== !route) {
      throw new Error(`docs: x-gemini-provider.operations says ${operationId} is ${served}, but the bundle has ${route ? "a" : "no"} path for it`);
    }
    return { operationId, served: served as Served, evidence: required(evidence, `evidence for ${operationId}`), ...(route ? { route } : {}) };
  });
}

function streamingFacts(doc: any, sseWithoutAlt: boolean) {
  const stream = operationsOf(doc).find(({ item, operation }) =>
    parametersOf(doc, item, operation).some((p) => p.in === "query" && p.name === "alt"));
  const found = required(stream, "operation with an alt query parameter");
  const alt = parametersOf(doc, found.item, found.operation).find((p) => p.in === "query" && p.name === "alt");
  const content = resolveRef(doc, found.operation.responses?.["200"])?.content ?? {};
  const mediaType = sseWithoutAlt ? SSE : JSON_TYPE;
  const body = required(content[mediaType], `${mediaType} body on the stream operation's 200 response`);
  return {
    alt: (alt.schema?.enum ?? []).map((value: string) => ({ value, description: alt.schema?.["x-enumDescriptions"]?.[value] ?? "" })),
    sseWithoutAlt,
    withoutAlt: { mediaType, description: resolveRef(doc, body.schema)?.description ?? "" },
  };
}

function errorShapeFacts(doc: any, shapes: string[]) {
  const schemas = Object.entries<any>(doc.components?.schemas ?? {});
  return shapes.map((shape) => {
    const [name, schema] = required(schemas.find(([, s]) => s["x-error-shape"] === shape), `schema with x-error-shape: ${shape}`);
    const members = Object.entries<any>(schema.properties ?? {}).map(([member, def]) =>
      ({ name: member, fields: Object.keys(resolveRef(doc, def)?.properties ?? {}) }));
    return { shape, schema: name, members, description: schema.description ?? "" };
  });
}

function answerFacts(doc: any, id: string) {
  const by = new Map<string, string>();
  for (const { operation } of operationsOf(doc)) {
    for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
      by.set(status, required(resolveRef(doc, response)?.["x-documented-by"], `x-documented-by on the ${status} response of ${operation.operationId}`));
    }
  }
  const statuses = [...by.keys()].sort();
  return {
    documented: statuses.filter((s) => by.get(s) === id),
    inherited: statuses.filter((s) => by.get(s) !== id),
  };
}

export function providerFacts(doc: any): ProviderFacts {
  const provider = required(doc["x-gemini-provider"], "x-gemini-provider block");
  const servers: ServerFacts[] = required(doc.servers, "servers").map((s: any) => ({
    url: s.url,
    description: s.description,
    variables: Object.entries<any>(s.variables ?? {}).map(([name, v]) => ({ name, default: v.default, description: v.description })),
  }));
  const schemes = doc.components?.securitySchemes ?? {};
  const auth = (doc.security ?? []).map((requirement: Record<string, string[]>) => Object.keys(requirement).map((key) => {
    const scheme = required(schemes[key], `security scheme ${key}`);
    return {
      key,
      type: scheme.type,
      placement: scheme.type === "apiKey" ? scheme.in : scheme.type === "http" ? String(scheme.scheme).toLowerCase() : scheme.type,
      name: scheme.name,
      description: scheme.description,
    } satisfies SchemeFacts;
  }));
  const pathPrefix = new URL(expandServerUrl(doc.servers[0])).pathname.replace(/\/+$/, "");
  return {
    id: required(provider.id, "x-gemini-provider.id"),
    name: provider.name ?? provider.id,
    title: doc.info?.title ?? provider.id,
    page: `${provider.id}.html`,
    servers,
    auth,
    requiredHeaders: Object.entries<string>(provider.requiredHeaders ?? {}),
    pathPrefix,
    operations: operationFacts(doc, required(provider.operations, "x-gemini-provider.operations"), pathPrefix),
    modelParameters: modelParameterFacts(doc),
    streaming: streamingFacts(doc, required(provider.sseWithoutAlt, "x-gemini-provider.sseWithoutAlt")),
    errorShapes: errorShapeFacts(doc, required(provider.errorShapes, "x-gemini-provider.errorShapes")),
    answers: answerFacts(doc, provider.id),
    quirks: provider.quirks ?? [],
  };
}
