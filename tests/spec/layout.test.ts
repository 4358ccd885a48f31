// Conventions of spec/ that keep it easy to read and change (spec/README.md).
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, test } from "vitest";
import { repoRoot, specDir } from "../../scripts/lib/providers.ts";
import { providers } from "../helpers/bundles.ts";

const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((d) => d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]);
const load = (file: string) => YAML.parse(fs.readFileSync(file, "utf8"));
const schemaDir = path.join(specDir, "components", "schemas");

describe("spec layout", () => {
  test("no file name holds a colon", () => {
    expect(walk(specDir).filter((f) => path.basename(f).includes(":"))).toEqual([]);
  });

  test("each operation file is named after its operationId", () => {
    for (const file of walk(path.join(specDir, "operations"))) {
      expect(load(file).operationId).toBe(path.basename(file, ".yaml"));
    }
  });

  test("redocly.yaml has one apis entry per provider folder", () => {
    const config = load(path.join(repoRoot, "redocly.yaml"));
    const roots = Object.values<any>(config.apis).map((api) => api.root).sort();
    expect(roots).toEqual(providers.map((id) => `spec/providers/${id}/openapi.yaml`).sort());
  });

  test.each(providers)("the %s root holds only what differs and refers to the shared operations", (id) => {
    const root = load(path.join(specDir, "providers", id, "openapi.yaml"));
    expect(Object.keys(root).sort()).toEqual(
      ["components", "info", "openapi", "paths", "security", "servers", "tags", "x-gemini-provider"]);
    expect(Object.keys(root.components).sort()).toEqual(["parameters", "securitySchemes"]);
    for (const item of Object.values<any>(root.paths)) {
      const methods = Object.keys(item).filter((k) => k !== "parameters");
      expect(methods.length).toBe(1);
      expect(["get", "post"]).toContain(methods[0]);
      expect(Object.keys(item[methods[0]])).toEqual(["$ref"]);
    }
    expect(root["x-gemini-provider"].id).toBe(id);
    expect(root.info.description.length).toBeGreaterThan(200);
  });

  test.each(providers)("each way %s takes a key says whether it is documented and why it is accepted", (id) => {
    const root = load(path.join(specDir, "providers", id, "openapi.yaml"));
    const evidence: Array<{ documented: boolean; evidence: string }> = root["x-gemini-provider"].authentication;
    expect(evidence.length, "one entry per `security` alternative, in order").toBe(root.security.length);
    expect(evidence[0].documented, "clients use the first alternative: it must be the documented one").toBe(true);
    for (const entry of evidence) expect(entry.evidence.length).toBeGreaterThan(40);
    // a scheme used only by accepted-but-undocumented alternatives says so
    const documentedSchemes = new Set(root.security.filter((_: unknown, i: number) => evidence[i].documented).flatMap(Object.keys));
    for (const [name, scheme] of Object.entries<any>(root.components.securitySchemes)) {
      expect(scheme["x-documented"] === false, name).toBe(!documentedSchemes.has(name));
    }
  });

  test.each(providers)("the %s root says, for every shared operation, whether it is served and why", (id) => {
    const root = load(path.join(specDir, "providers", id, "openapi.yaml"));
    const shared = fs.readdirSync(path.join(specDir, "operations")).map((f) => path.basename(f, ".yaml")).sort();
    const declared: Record<string, { served: string; evidence: string }> = root["x-gemini-provider"].operations;
    expect(Object.keys(declared).sort()).toEqual(shared);
    const listed = new Set(Object.values<any>(root.paths).flatMap((item) =>
      Object.entries<any>(item).filter(([k]) => k !== "parameters").map(([, op]) => load(path.join(specDir, "providers", id, op.$ref)).operationId)));
    for (const [operationId, { served, evidence }] of Object.entries(declared)) {
      expect(["documented", "inferred", "not-served"], operationId).toContain(served);
      expect(listed.has(operationId), `${operationId} is ${served}`).toBe(served !== "not-served");
      expect(evidence.length, operationId).toBeGreaterThan(40);
    }
    expect(declared.generateContent.served).toBe("documented");
  });

  test("each operation's method and path are those of Google's method in the discovery document", () => {
    const discovery = JSON.parse(fs.readFileSync(path.join(repoRoot, "reference", "google", "generativelanguage.v1beta.discovery.json"), "utf8"));
    const methods = discovery.resources.models.methods;
    // operationId → Google's method name, where they differ
    const googleName: Record<string, string> = { listModels: "list", getModel: "get" };
    const root = load(path.join(specDir, "providers", "google", "openapi.yaml"));
    for (const [template, item] of Object.entries<any>(root.paths)) {
      const [method, ref] = Object.entries<any>(item).find(([k]) => k !== "parameters")!;
      const op = load(path.join(specDir, "providers", "google", ref.$ref));
      const google = methods[googleName[op.operationId] ?? op.operationId];
      expect(google, op.operationId).toBeDefined();
      expect(method.toUpperCase()).toBe(google.httpMethod);
      expect(template).toBe(`/${google.flatPath.replace("{modelsId}", "{model}")}`);
      const body = op.requestBody?.content?.["application/json"]?.schema?.$ref;
      expect(body && path.basename(body, ".yaml"), op.operationId).toBe(google.request?.$ref);
    }
  });

  test("every schema file is used and describes itself and each of its properties", () => {
    const referenced = new Set(walk(specDir).filter((f) => f.endsWith(".yaml"))
      .flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/\$ref: '?(?:\.\.\/components\/schemas\/|\.\.\/schemas\/|\.\/)([A-Za-z]+)\.yaml/g)].map((m) => m[1])));
    for (const file of fs.readdirSync(schemaDir)) {
      const name = path.basename(file, ".yaml");
      const schema = load(path.join(schemaDir, file));
      expect(referenced.has(name), `${name} is never referenced`).toBe(true);
      expect(schema.description?.length ?? 0, `${name} needs a description`).toBeGreaterThan(20);
      for (const [prop, def] of Object.entries<any>(schema.properties ?? {})) {
        expect(def.description?.length ?? 0, `${name}.${prop} needs a description`).toBeGreaterThan(5);
      }
    }
  });

  test("descriptions are written in our own words, not copied from Google's discovery document", () => {
    const discovery = JSON.parse(fs.readFileSync(path.join(repoRoot, "reference", "google", "generativelanguage.v1beta.discovery.json"), "utf8"));
    const norm = (s: string) => s.toLowerCase().replace(/^(optional|required|output only)\.\s*/g, "").replace(/\W+/g, " ").trim();
    const google = new Set<string>();
    for (const schema of Object.values<any>(discovery.schemas)) {
      google.add(norm(schema.description ?? ""));
      for (const p of Object.values<any>(schema.properties ?? {})) {
        for (const sentence of (p.description ?? "").split(/(?<=\.)\s+/)) if (sentence.split(" ").length >= 8) google.add(norm(sentence));
      }
    }
    const copied: string[] = [];
    for (const file of fs.readdirSync(schemaDir)) {
      const text = JSON.stringify(load(path.join(schemaDir, file)));
      for (const [, desc] of text.matchAll(/"description":"((?:[^"\\]|\\.)*)"/g)) {
        for (const sentence of desc.split(/(?<=\.)\s+/)) {
          if (sentence.split(" ").length >= 8 && google.has(norm(sentence))) copied.push(`${file}: ${sentence}`);
        }
      }
    }
    expect(copied).toEqual([]);
  });
});
