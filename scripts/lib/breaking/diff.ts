// Lists the changes between two versions of a bundle that break its consumers (README "Versioning"):
// removed operations, parameters, media types and fields; request fields or parameters that became
// required; types narrowed where clients send values (or widened where they read them); removed enum
// values; response fields that are no longer guaranteed; authentication that is no longer accepted.
// Additions that a consumer can ignore (new operations, optional fields, enum values of open enums) are not
// listed. Schemas are compared structurally, after following $refs (see view.ts).
import { deref, view, type Schema } from "./view.ts";

export type ChangeKind =
  | "removed-provider" | "removed-operation" | "removed-parameter" | "removed-media-type" | "removed-field" | "removed-enum-value"
  | "removed-response" | "newly-required" | "no-longer-required" | "narrowed-type" | "widened-type" | "added-enum-value" | "removed-auth";

export interface Change {
  kind: ChangeKind;
  /** where, e.g. `generateContent request: Part.text` */
  at: string;
  detail: string;
}

/** Values flow from the client in requests and to the client in responses; what breaks differs. */
type Direction = "request" | "response";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const list = (types: Set<string> | null) => (types ? [...types].sort().join("|") : "any");

function covers(outer: Set<string> | null, inner: Set<string> | null): boolean {
  if (!outer) return true;
  if (!inner) return false;
  return [...inner].every((t) => outer.has(t) || (t === "integer" && outer.has("number")));
}

function operations(doc: Schema): Map<string, { op: Schema; params: Schema[] }> {
  const out = new Map<string, { op: Schema; params: Schema[] }>();
  for (const [route, item] of Object.entries<Schema>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) out.set(op.operationId ?? `${method.toUpperCase()} ${route}`, { op, params: [...(item.parameters ?? []), ...(op.parameters ?? [])] });
    }
  }
  return out;
}

class Differ {
  readonly changes: Change[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly before: Schema, private readonly after: Schema) {}

  private add(kind: ChangeKind, at: string, detail: string) {
    this.changes.push({ kind, at, detail });
  }

  /** Compares two schemas; `at` names the place, restarting at a component's name when a $ref is entered. */
  schema(oldSchema: Schema, newSchema: Schema, dir: Direction, at: string) {
    if (typeof oldSchema?.$ref === "string" && typeof newSchema?.$ref === "string") {
      const key = `${dir} ${oldSchema.$ref} ${newSchema.$ref}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      if (oldSchema.$ref === newSchema.$ref) at = `${dir}: ${oldSchema.$ref.split("/").pop()}`;
    }
    const was = view(this.before, oldSchema);
    const now = view(this.after, newSchema);
    if (dir === "request" && !covers(now.types, was.types)) {
      this.add("narrowed-type", at, `accepted ${list(was.types)}, now only ${list(now.types)}`);
    }
    if (dir === "response" && !covers(was.types, now.types)) {
      this.add("widened-type", at, `was ${list(was.types)}, now also ${list(now.types)}`);
    }
    if (was.enum) {
      const removed = now.enum ? was.enum.filter((v) => !now.enum!.some((w) => same(v, w))) : [];
      for (const value of removed) this.add("removed-enum-value", at, `${JSON.stringify(value)} is gone`);
      if (dir === "response" && now.enum) {
        for (const value of now.enum.filter((v) => !was.enum!.some((w) => same(v, w)))) {
          this.add("added-enum-value", at, `${JSON.stringify(value)} added to a closed enum readers switch over`);
        }
      }
      if (dir === "response" && !now.enum) this.add("widened-type", at, "no longer limited to a list of values");
    } else if (now.enum && dir === "request") {
      this.add("narrowed-type", at, `now limited to ${now.enum.map((v) => JSON.stringify(v)).join(", ")}`);
    }
    for (const [name, schema] of Object.entries(was.properties)) {
      if (!(name in now.properties)) this.add("removed-field", `${at}.${name}`, "field removed");
      else this.schema(schema, now.properties[name], dir, `${at}.${name}`);
    }
    if (dir === "request") {
      for (const name of now.required) if (!was.required.has(name)) this.add("newly-required", `${at}.${name}`, "request field is now required");
    } else {
      for (const name of was.required) if (!now.required.has(name) && name in now.properties) this.add("no-longer-required", `${at}.${name}`, "response field may now be absent");
    }
    if (was.items && now.items) this.schema(was.items, now.items, dir, `${at}[]`);
    if (was.additional && now.additional) this.schema(was.additional, now.additional, dir, `${at}{}`);
    if (was.content && now.content) this.schema(was.content, now.content, dir, `${at}(content)`);
  }

  content(oldContent: Schema = {}, newContent: Schema = {}, dir: Direction, at: string) {
    for (const [media, was] of Object.entries<Schema>(oldContent)) {
      const now = newContent[media];
      if (!now) {
        this.add("removed-media-type", at, `${media} is gone`);
        continue;
      }
      if (was.schema && now.schema) this.schema(was.schema, now.schema, dir, `${at} ${media}`);
      if (was["x-itemSchema"] && now["x-itemSchema"]) this.schema(was["x-itemSchema"], now["x-itemSchema"], dir, `${at} ${media} event`);
    }
  }

  operation(id: string, was: { op: Schema; params: Schema[] }, now: { op: Schema; params: Schema[] }) {
    const key = (p: Schema) => `${p.in} ${p.name}`;
    const newParams = new Map(now.params.map((p) => deref(this.after, p)).map((p) => [key(p), p]));
    const oldParams = new Map(was.params.map((p) => deref(this.before, p)).map((p) => [key(p), p]));
    for (const [name, p] of oldParams) {
      const q = newParams.get(name);
      if (!q) this.add("removed-parameter", `${id} ${name}`, "parameter removed");
      else if (p.schema && q.schema) this.schema(p.schema, q.schema, "request", `${id} ${name}`);
    }
    for (const [name, q] of newParams) {
      if (q.required && !oldParams.get(name)?.required) this.add("newly-required", `${id} ${name}`, "parameter is now required");
    }
    const oldBody = deref(this.before, was.op.requestBody ?? {});
    const newBody = deref(this.after, now.op.requestBody ?? {});
    if (newBody.required && !oldBody.required) this.add("newly-required", `${id} request body`, "body is now required");
    this.content(oldBody.content, newBody.content, "request", `${id} request`);
    for (const [status, response] of Object.entries<Schema>(was.op.responses ?? {})) {
      const next = now.op.responses?.[status] ?? now.op.responses?.default;
      if (!next) {
        this.add("removed-response", `${id} ${status}`, "response no longer documented");
        continue;
      }
      this.content(deref(this.before, response).content, deref(this.after, next).content, "response", `${id} ${status}`);
    }
  }

  auth() {
    const scheme = (doc: Schema, name: string) => JSON.stringify((({ type, in: where, name: n, scheme: s }) => ({ type, where, n, s }))(doc.components?.securitySchemes?.[name] ?? {}));
    const alternatives = (doc: Schema) => new Set<string>((doc.security ?? []).map((req: Schema) => Object.keys(req).sort().map((n) => scheme(doc, n)).join(" + ")));
    const now = alternatives(this.after);
    for (const alt of alternatives(this.before)) if (!now.has(alt)) this.add("removed-auth", "security", `${alt} no longer accepted`);
  }
}

/** Breaking changes from `before` to `after` (two bundles of one provider). */
export function breakingChanges(before: Schema, after: Schema): Change[] {
  const differ = new Differ(before, after);
  const next = operations(after);
  for (const [id, was] of operations(before)) {
    const now = next.get(id);
    if (!now) differ.changes.push({ kind: "removed-operation", at: id, detail: "operation removed" });
    else differ.operation(id, was, now);
  }
  differ.auth();
  return differ.changes;
}
