// The examples a bundle attaches to request and response bodies, in one list: the spec tests validate them,
// the mock tests replay them and codegen parses them.
import { resolveRef } from "../../src/validate.ts";

type Doc = Record<string, any>;

export interface BundleExample {
  operationId: string;
  /** "request", or the response status ("200", "default", …) */
  target: string;
  mediaType: string;
  name: string;
  value: unknown;
}

export function bundleExamples(doc: Doc): BundleExample[] {
  const found: BundleExample[] = [];
  for (const item of Object.values<Doc>(doc.paths ?? {})) {
    for (const op of Object.values<Doc>(item)) {
      if (!op?.operationId) continue;
      const push = (target: string, content: Doc | undefined) => {
        for (const [mediaType, media] of Object.entries<Doc>(content ?? {})) {
          for (const [name, example] of Object.entries<Doc>(media.examples ?? {})) {
            found.push({ operationId: op.operationId, target, mediaType, name, value: resolveRef(doc, example)?.value });
          }
        }
      };
      push("request", resolveRef(doc, op.requestBody)?.content);
      for (const [status, response] of Object.entries<Doc>(op.responses ?? {})) push(status, resolveRef(doc, response)?.content);
    }
  }
  return found;
}
