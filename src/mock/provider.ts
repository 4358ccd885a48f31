// What a mock needs to know about one provider, read from its generated bundles: the operations and the
// URL paths that reach them (under the server's own path prefix, e.g. serevixai's `/v1`), the security
// requirements, and the `x-gemini-provider` block (error shapes, whether streams are always SSE).
import { bundlePaths, readJson } from "../bundles.ts";
import { securityAlternatives, type SecurityScheme } from "../security.ts";
import { resolveRef } from "../validate.ts";

type Doc = Record<string, any>;

export interface MockOperation {
  operationId: string;
  method: string;
  /** path template as written in the document, e.g. `/v1beta/models/{model}:generateContent` */
  template: string;
  /** full URL path (server prefix included) as a regular expression, one capture group per path parameter */
  pattern: RegExp;
  /** the operation takes `alt` (the streaming one) */
  streams: boolean;
}

export interface MockProvider {
  id: string;
  /** the wire bundle: request schemas widened to what the real service accepts */
  wire: Doc;
  /** path of the wire bundle (a worker thread reads it itself) */
  wirePath: string;
  /** path of the canonical bundle, which Prism reads for responses and examples */
  canonicalPath: string;
  /** path prefix of the provider's server URL (`/v1` for serevixai, "" for the rest) */
  prefix: string;
  operations: MockOperation[];
  /** alternatives (any one suffices), each a set of schemes that must all be present */
  security: SecurityScheme[][];
  errorShapes: string[];
  /** gateways answer `streamGenerateContent` with server-sent events whatever `alt` says */
  sseWithoutAlt: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Google serves the same methods under `/v1/` as under `/v1beta/`, gateways built on new-api route both, and
// the official SDK (@google/genai 3.x) calls `/v1/` unless told `apiVersion: "v1beta"`: a mock that only
// answered the documented `/v1beta/` would fail that SDK out of the box.
const VERSION_ALIAS = "(?:v1beta|v1)";

function pathPattern(prefix: string, template: string): RegExp {
  // A path parameter is one segment without a colon, so `/models/{model}` never takes `…/x:generateContent`.
  const parts = template.split(/(\{[^}]+\})/).map((part) => (part.startsWith("{") ? "([^/:]+)" : escapeRegExp(part)));
  const path = parts.join("").replace(/^\/v1beta\//, `/${VERSION_ALIAS}/`);
  return new RegExp(`^${escapeRegExp(prefix)}${path}$`);
}

function serverPrefix(doc: Doc): string {
  const url: string = doc.servers?.[0]?.url ?? "";
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, "");
  return path.replace(/\/+$/, "");
}

export function loadProvider(id: string): MockProvider {
  const paths = bundlePaths(id);
  const wire = readJson(paths.wire);
  const prefix = serverPrefix(wire);
  const operations: MockOperation[] = [];
  for (const [template, item] of Object.entries<Doc>(wire.paths ?? {})) {
    for (const [method, op] of Object.entries<Doc>(item)) {
      if (!op?.operationId) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p: Doc) => resolveRef(wire, p));
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        pattern: pathPattern(prefix, template),
        streams: params.some((p: Doc) => p.in === "query" && p.name === "alt"),
      });
    }
  }
  const block = wire["x-gemini-provider"] ?? {};
  return {
    id,
    wire,
    wirePath: paths.wire,
    canonicalPath: paths.json,
    prefix,
    operations,
    security: securityAlternatives(wire),
    errorShapes: block.errorShapes ?? ["google"],
    sseWithoutAlt: Boolean(block.sseWithoutAlt),
  };
}
