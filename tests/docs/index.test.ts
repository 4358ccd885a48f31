// The comparison page (dist/docs/index.html) must state only what the bundles say. Each cell is read back
// from the HTML and compared with values this test looks up in the bundle itself; then a bundle is changed
// and the page must change with it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildIndexPage } from "../../scripts/lib/docs/build.ts";
import { INDEX_FIELDS, operationField, SERVED_LABELS } from "../../scripts/lib/docs/index-page.ts";
import { externalResources } from "../../scripts/lib/docs/offline.ts";
import { bundlePaths, generatedDir } from "../../scripts/lib/providers.ts";
import { bundle, providers } from "../helpers/bundles.ts";
import { classAttribute, classText, itemsOf, tableCells, textOf } from "./index-html.ts";
import { deref, operationsOf } from "./operations.ts";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-docs-index-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const html = fs.readFileSync(buildIndexPage(path.join(work, "committed")), "utf8");
const cells = tableCells(html);
const cell = (id: string, field: string) => {
  const found = cells.get(`${id}/${field}`);
  if (found === undefined) throw new Error(`index.html has no ${field} cell for ${id}`);
  return found;
};

/** What a description looks like once rendered: no code or strong markers. */
const plain = (markdown: string) => markdown.replace(/`/g, "").replace(/\*\*/g, "").replace(/\s+/g, " ").trim();
const altParameter = (doc: any) => operationsOf(doc).flatMap(({ parameters }) => parameters).find((p) => p.name === "alt");
/** Operation ids any provider names in x-gemini-provider.operations. */
const operationIds = [...new Set(providers.flatMap((id) => Object.keys(bundle(id).doc["x-gemini-provider"].operations)))];
const prefixOf = (doc: any) => {
  const server = doc.servers[0];
  const url = server.url.replace(/\{(\w+)\}/g, (_: string, name: string) => server.variables[name].default);
  return new URL(url).pathname.replace(/\/$/, "");
};

describe("index.html compares every provider with facts from its bundle", () => {
  test("one column per provider, one cell per fact, each provider linked to its page, nothing fetched from elsewhere", () => {
    expect(operationIds).toEqual(expect.arrayContaining(["generateContent", "streamGenerateContent", "listModels", "getModel"]));
    expect(cells.size).toBe(providers.length * (INDEX_FIELDS.length + operationIds.length + 1));
    for (const id of providers) {
      const head = cell(id, "provider");
      expect(head).toContain(`href="${id}.html"`);
      expect(textOf(head)).toContain(bundle(id).doc["x-gemini-provider"].name);
    }
    expect(externalResources(html)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
  });

  test.each(providers)("%s: servers, auth and path prefix", (id) => {
    const { doc } = bundle(id);
    const servers = itemsOf(cell(id, "servers"));
    expect(servers.length).toBe(doc.servers.length);
    doc.servers.forEach((server: any, i: number) => {
      expect(servers[i].startsWith(server.url)).toBe(true);
      for (const [name, variable] of Object.entries<any>(server.variables ?? {})) {
        expect(servers[i]).toContain(`{${name}} defaults to ${variable.default}`);
      }
    });

    const auth = itemsOf(cell(id, "auth"));
    const required = Object.entries<string>(doc["x-gemini-provider"].requiredHeaders ?? {});
    expect(auth.length).toBe(doc.security.length + required.length);
    const schemes = doc.components.securitySchemes;
    doc.security.forEach((requirement: Record<string, string[]>, i: number) => {
      for (const [key, scheme] of Object.entries<any>(schemes)) {
        const listed = auth[i].includes(`(${key})`);
        expect(listed, `${key} in auth alternative ${i}`).toBe(key in requirement);
        if (!listed) continue;
        if (scheme.type === "apiKey" && scheme.in === "header") expect(auth[i]).toContain(`${scheme.name} header`);
        if (scheme.type === "apiKey" && scheme.in === "query") expect(auth[i]).toContain(`?${scheme.name}= query parameter`);
        if (scheme.type === "http") expect(auth[i].toLowerCase()).toContain(`authorization: ${scheme.scheme.toLowerCase()}`);
      }
    });
    required.forEach(([name, value], i) => expect(auth[doc.security.length + i]).toBe(`${name}: ${value} header, required`));

    expect(classText(cell(id, "pathPrefix"), "prefix")).toEqual([prefixOf(doc) || "none"]);
  });

  test.each(providers)("%s: every operation, served or not, with its method, path and evidence", (id) => {
    const { doc } = bundle(id);
    const declared = doc["x-gemini-provider"].operations as Record<string, { served: string; evidence: string }>;
    const prefix = prefixOf(doc);
    const served = operationsOf(doc);
    expect(Object.keys(declared).sort()).toEqual([...operationIds].sort());
    for (const [operationId, { served: status, evidence }] of Object.entries(declared)) {
      const shown = cell(id, operationField(operationId));
      expect(classAttribute(shown, "served", "data-served"), operationId).toEqual([status]);
      expect(classText(shown, "served"), operationId).toEqual([SERVED_LABELS[status as keyof typeof SERVED_LABELS]]);
      const route = served.find(({ op }) => op.operationId === operationId);
      expect(classText(shown, "route"), operationId).toEqual(route ? [`${route.method} ${prefix}${route.template}`] : []);
      expect(Boolean(route), `${operationId}: served as the root says`).toBe(status !== "not-served");
      expect(classText(shown, "evidence"), operationId).toEqual([plain(evidence)]);
    }
  });

  test("google serves every operation; selfhosted the embeddings and the list; the others generation only", () => {
    const row = (id: string, operationId: string) => {
      const shown = cell(id, operationField(operationId));
      return [...classAttribute(shown, "served", "data-served"), ...classText(shown, "route")].join(" ");
    };
    expect(row("google", "countTokens")).toBe("documented POST /v1beta/models/{model}:countTokens");
    expect(row("google", "listModels")).toBe("documented GET /v1beta/models");
    expect(row("google", "getModel")).toBe("documented GET /v1beta/models/{model}");
    expect(row("selfhosted", "embedContent")).toBe("inferred POST /v1beta/models/{model}:embedContent");
    expect(row("selfhosted", "listModels")).toBe("inferred GET /v1beta/models");
    expect(row("selfhosted", "countTokens")).toBe("not-served");
    expect(row("selfhosted", "getModel")).toBe("not-served");
    expect(row("serevixai", "generateContent")).toBe("documented POST /v1/v1beta/models/{model}:generateContent");
    for (const id of ["tikhub", "kkiai", "serevixai"]) {
      for (const operationId of ["countTokens", "embedContent", "batchEmbedContents", "listModels", "getModel"]) expect(row(id, operationId)).toBe("not-served");
    }
  });

  test.each(providers)("%s: models, streaming, error shapes and quirks", (id) => {
    const { doc } = bundle(id);
    // The model path parameters by component, each with the operations whose path takes it.
    const byComponent = new Map<string, string[]>();
    for (const { template, op } of operationsOf(doc)) {
      // the parameter as written, a $ref to the component it comes from
      const ref = [...(doc.paths[template].parameters ?? []), ...(op.parameters ?? [])].find((p: any) => deref(doc, p).in === "path")?.$ref;
      if (!ref) continue;
      const component = ref.split("/").pop();
      byComponent.set(component, [...(byComponent.get(component) ?? []), op.operationId]);
    }
    expect(byComponent.has("Model")).toBe(true);
    const models = cell(id, "models");
    expect(classText(models, "for")).toEqual([...byComponent].map(([component, ops]) => `${component}: ${ops.join(", ")}`));
    const parameters = [...byComponent.keys()].map((component) => doc.components.parameters[component].schema.anyOf);
    expect(itemsOf(models)).toEqual(parameters.flatMap((branches) => {
      const listed = branches.find((b: any) => b.enum);
      return listed.enum.map((m: string) => `${m} — ${plain(listed["x-enumDescriptions"][m])}`);
    }));
    expect(classText(models, "note")).toEqual(parameters.map((branches) => plain(branches.find((b: any) => !b.enum).description)));

    const alt = altParameter(doc);
    const streaming = itemsOf(cell(id, "streaming"));
    expect(streaming.slice(0, -1)).toEqual(alt.schema.enum.map((v: string) => `alt=${v} — ${plain(alt.schema["x-enumDescriptions"][v])}`));
    const sseAnyway = doc["x-gemini-provider"].sseWithoutAlt;
    expect(typeof sseAnyway).toBe("boolean");
    expect(streaming.at(-1)!.startsWith(`without alt=sse: ${sseAnyway ? "text/event-stream" : "application/json"} — `)).toBe(true);

    const shapes = doc["x-gemini-provider"].errorShapes;
    const errors = itemsOf(cell(id, "errorShapes"));
    expect(errors.length).toBe(shapes.length);
    shapes.forEach((shape: string, i: number) => {
      const [name, schema] = Object.entries<any>(doc.components.schemas).find(([, s]) => s["x-error-shape"] === shape)!;
      expect(errors[i].startsWith(`${shape}: ${name} {"error": {`)).toBe(true);
      for (const field of Object.keys(deref(doc, schema.properties.error).properties)) expect(errors[i]).toContain(`"${field}"`);
    });

    expect(itemsOf(cell(id, "quirks"))).toEqual(doc["x-gemini-provider"].quirks.map(plain));
  });

  test.each(providers)("%s: which answers the provider documents and which are inherited from Google", (id) => {
    const { doc } = bundle(id);
    const by = new Map<string, string>();
    for (const { op } of operationsOf(doc)) {
      for (const [status, response] of Object.entries<any>(op.responses)) by.set(status, deref(doc, response)["x-documented-by"]);
    }
    const listed = doc["x-gemini-provider"].documentedStatuses as string[];
    for (const [status, source] of by) expect(source, status).toBe(listed.includes(status) ? id : "google");
    const statuses = [...by.keys()].sort();
    const own = statuses.filter((s) => by.get(s) === id);
    const inherited = statuses.filter((s) => by.get(s) !== id);
    const name = doc["x-gemini-provider"].name;
    expect(itemsOf(cell(id, "answers"))).toEqual([
      `documented by ${name}: ${own.join(", ")}`,
      ...(inherited.length ? [`inherited from Google: ${inherited.join(", ")}`] : []),
    ]);
  });

  test("tikhub's page says that 403, 404, 503 and other statuses are Google's, not TikHub's", () => {
    expect(itemsOf(cell("tikhub", "answers"))).toEqual(["documented by TikHub: 200, 400, 401, 429, 500", "inherited from Google: 403, 404, 503, default"]);
    const forbidden = deref(bundle("tikhub").doc, { $ref: "#/components/responses/Forbidden" });
    expect(forbidden.description).toMatch(/Inherited from Google: TikHub's documentation does not list this answer/);
    expect(itemsOf(cell("google", "answers"))).toHaveLength(1);
  });

  test("changing a bundle changes the page, and only that provider's column", () => {
    const changed = path.join(work, "bundles");
    for (const id of providers) {
      const doc = JSON.parse(fs.readFileSync(bundlePaths(id, generatedDir).json, "utf8"));
      if (id === "tikhub") {
        doc.servers[0].url = "https://relay.example.test/gemini";
        doc["x-gemini-provider"].quirks.push("A quirk the `test` added.");
        doc["x-gemini-provider"].sseWithoutAlt = false;
        doc["x-gemini-provider"].errorShapes = ["google"];
        doc.components.responses.Forbidden["x-documented-by"] = "tikhub";
        doc["x-gemini-provider"].operations.countTokens.evidence = "Changed by the test.";
        const listed = doc.components.parameters.Model.schema.anyOf.find((b: any) => b.enum);
        listed.enum = ["gemini-test-model"];
        listed["x-enumDescriptions"] = { "gemini-test-model": "Added by the test." };
      }
      fs.mkdirSync(bundlePaths(id, changed).dir, { recursive: true });
      fs.writeFileSync(bundlePaths(id, changed).json, JSON.stringify(doc));
    }
    const after = tableCells(fs.readFileSync(buildIndexPage(path.join(work, "changed"), { bundlesDir: changed }), "utf8"));
    const read = (field: string) => itemsOf(after.get(`tikhub/${field}`)!);
    expect(read("servers")).toEqual(["https://relay.example.test/gemini"]);
    expect(classText(after.get("tikhub/pathPrefix")!, "prefix")).toEqual(["/gemini"]);
    expect(classText(after.get(`tikhub/${operationField("streamGenerateContent")}`)!, "route")).toEqual(["POST /gemini/v1beta/models/{model}:streamGenerateContent"]);
    expect(classText(after.get(`tikhub/${operationField("countTokens")}`)!, "evidence")).toEqual(["Changed by the test."]);
    expect(read("models")).toEqual(["gemini-test-model — Added by the test."]);
    expect(read("quirks").at(-1)).toBe("A quirk the test added.");
    expect(read("streaming").at(-1)!.startsWith("without alt=sse: application/json")).toBe(true);
    expect(read("errorShapes")).toHaveLength(1);
    for (const [key, value] of cells) {
      if (key.startsWith("tikhub/")) continue;
      expect(after.get(key), key).toBe(value);
    }
    expect(INDEX_FIELDS.filter((field) => field !== "auth").every((field) => after.get(`tikhub/${field}`) !== cells.get(`tikhub/${field}`))).toBe(true);
  });

  test("a root that calls an operation served without a path for it, or the reverse, is an error, not a wrong page", () => {
    const broken = path.join(work, "broken");
    const write = (change: (doc: any) => void) => {
      for (const id of providers) {
        const doc = JSON.parse(fs.readFileSync(bundlePaths(id, generatedDir).json, "utf8"));
        if (id === "tikhub") change(doc);
        fs.mkdirSync(bundlePaths(id, broken).dir, { recursive: true });
        fs.writeFileSync(bundlePaths(id, broken).json, JSON.stringify(doc));
      }
    };
    const build = () => buildIndexPage(path.join(work, "broken-out"), { bundlesDir: broken });
    write((doc) => { doc["x-gemini-provider"].operations.countTokens.served = "documented"; });
    expect(build).toThrow(/says countTokens is documented, but the bundle has no path for it/);
    write((doc) => { doc["x-gemini-provider"].operations.generateContent.served = "not-served"; });
    expect(build).toThrow(/says generateContent is not-served, but the bundle has a path for it/);
    write((doc) => { delete doc["x-gemini-provider"].operations.streamGenerateContent; });
    expect(build).toThrow(/does not name streamGenerateContent, which the bundle serves/);
  });
});
