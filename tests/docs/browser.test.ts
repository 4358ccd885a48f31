// The rendered docs in a real browser (Debian's chromium, driven by playwright-core), offline: every request
// to a host other than loopback is blocked and recorded, and there must be none. The docs are served the way
// `npm start` serves them, told where each provider's mock listens (the mocks of the test run). Each provider
// page renders every operation it serves (and no other) with its code samples, says whose documentation lists
// each answer, shows the stream's chunk schema, and its console sends requests to the provider's mock with the
// provider's credentials and shows the answer: both generation operations (the stream frame by frame), every
// GET operation with its query parameters (Google's model list page by page) and the first other POST
// operation. Every link on every page resolves; opened as a file, a page has no console and sends nothing.
// Screenshots go to reports/screenshots/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Locator, type Page, type Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { ARTEFACTS, buildDocs } from "../../scripts/lib/docs/build.ts";
import { externalResources } from "../../scripts/lib/docs/offline.ts";
import { MOCK_KEY, STREAM_NOTE } from "../../scripts/lib/docs/scalar.ts";
import { serveDocs, type DocsServer } from "../../scripts/lib/docs/serve.ts";
import { repoRoot } from "../../scripts/lib/providers.ts";
import { bundle, providers } from "../helpers/bundles.ts";
import { operationsOf, type BundleOperation } from "./operations.ts";

const CHROMIUM = "/usr/bin/chromium";
const screenshots = path.join(repoRoot, "reports", "screenshots");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-docs-browser-"));
const docsDir = path.join(work, "docs");
const plain = (markdown: string) => markdown.replace(/`/g, "").replace(/\*\*/g, "").replace(/\s+/g, " ").trim();
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const mocks = Object.fromEntries(Object.entries(inject("mocks")).map(([id, m]) => [id, m.baseUrl]));

let server: DocsServer | undefined;
let context: BrowserContext | undefined;
let written: string[] = [];
/** Requests to anywhere but loopback: each was aborted, and there must be none. */
const blocked: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the rendered-docs test needs Debian's chromium package `
      + "(apt-get install -y chromium; .ci/run installs it). It is never skipped.");
  }
  written = await buildDocs(docsDir);
  server = await serveDocs({ port: 0, dir: docsDir, mocks });
  context = await chromium.launchPersistentContext(path.join(work, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (LOOPBACK.has(url.hostname) || url.protocol === "file:") return route.continue();
    blocked.push(url.href);
    return route.abort("blockedbyclient");
  });
  fs.mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Opens a page and collects what would signal a broken offline page: console errors, page errors, failed requests. */
async function open(url: string): Promise<{ page: Page; problems: string[]; requests: Request[] }> {
  const page = await context!.newPage();
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  const requests: Request[] = [];
  page.on("console", (message) => { if (message.type() === "error") problems.push(`console: ${message.text()}`); });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("request", (request) => requests.push(request));
  const response = await page.goto(url, { waitUntil: "load" });
  expect(response?.status(), url).toBe(200);
  return { page, problems, requests };
}

/** Where the console links the status of an answer it shows. */
const STATUS_DOCS = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/";

/** Every link of the page: relative ones must be served, others must be links the bundle or the renderer names. */
async function checkLinks(page: Page, id?: string) {
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  const text = id ? JSON.stringify(bundle(id).doc) : "";
  const local = [...new Set(hrefs.filter((href) => !/^[a-z]+:/i.test(href) && !href.startsWith("#")))];
  for (const href of local) {
    const answer = await fetch(new URL(href, page.url()));
    expect(answer.status, `${page.url()}: ${href}`).toBe(200);
    await answer.arrayBuffer();
  }
  for (const href of hrefs.filter((h) => /^[a-z]+:/i.test(h))) {
    // Scalar's own: its home, the status of an answer, the download of an answer (an object URL of the page)
    const renderer = href === "https://www.scalar.com" || href.startsWith(STATUS_DOCS) || href.startsWith(`blob:${new URL(page.url()).origin}/`);
    expect(text.includes(href.split("#")[0]) || renderer, `${page.url()}: ${href} comes from nowhere`).toBe(true);
  }
  return local;
}

/** Polls with the time a page needs on a busy 2-core machine (Vitest's default is one second). */
const poll = <T>(fn: () => Promise<T> | T, message?: string) => expect.poll(fn, { timeout: 30_000, message });

/** Scalar's section of an operation: its id ends with the method and the path. */
const sectionOf = (page: Page, { method, template }: BundleOperation) => page.locator(`section[id$="/${method}${template}"]`);

/** Opens the console for one operation, sends its request (with these query parameters) and returns the answer panel. */
async function sendFromConsole(page: Page, operation: BundleOperation, query: Record<string, string> = {}) {
  await sectionOf(page, operation).locator("button.show-api-client-button").click();
  const client = page.getByRole("dialog", { name: "API Client" });
  await sendAgain(client, operation, query);
  return { client, answer: client.locator("section[aria-label=Response]") };
}

/** The text in one of the console's editors, without the placeholder an empty one shows. */
const editorText = (editor: Locator) => editor.evaluate((node) => {
  const copy = node.cloneNode(true) as Element;
  copy.querySelectorAll(".cm-placeholder").forEach((p) => p.remove());
  return copy.textContent ?? "";
});

/** Sets query parameters in an open console and sends the request again. */
async function sendAgain(client: Locator, operation: BundleOperation, query: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(query)) {
    // The parameter's row: key, then value, each an editor. Once the console has filled in the example (or
    // nothing), the value is emptied and typed, as fill() inserts into an editor.
    const field = client.locator(`tr#${name} [role=textbox]`).nth(1);
    const example = operation.parameters.find((p) => p.in === "query" && p.name === name)?.example;
    await poll(() => editorText(field), `${name}: the console's value`).toBe(example === undefined ? "" : String(example));
    await field.fill("");
    await field.fill(value);
    await poll(() => editorText(field), `${name}: the value typed`).toBe(value);
  }
  // Scalar 1.46 applies a parameter edit 328 ms after the last keystroke (its event bus debounces it), and
  // nothing on the page shows when: a timer of the page's own that starts after the edit and runs longer fires
  // after it, however busy the browser is.
  if (Object.keys(query).length) await client.evaluate(() => new Promise((resolve) => setTimeout(resolve, 600)));
  await client.getByRole("button", { name: /^Send/ }).first().click();
}

/** The JSON body the console shows once it shows a 200 (undefined until then); `what` names the wait. */
async function shownJson(answer: Locator, what: string, expected?: unknown) {
  const now = async () => {
    if (!/200 OK/.test(await answer.innerText())) return undefined;
    try {
      return JSON.parse(await answer.locator(".cm-content").last().innerText());
    } catch {
      return undefined;
    }
  };
  if (expected === undefined) await poll(now, `${what}: a JSON answer`).toBeDefined();
  else await poll(now, `${what}: the answer`).toEqual(expected);
  return now();
}

async function closeConsole(page: Page, client: Locator) {
  await page.keyboard.press("Escape");
  await client.waitFor({ state: "hidden" });
}

describe("rendered docs in chromium, offline", () => {
  test("the build writes one page per provider, the index and every artefact, and no page refers to another host", () => {
    expect(written.map((f) => path.basename(f)).sort()).toEqual([...providers.map((id) => `${id}.html`), "index.html"].sort());
    for (const file of written) expect(externalResources(fs.readFileSync(file, "utf8")), file).toEqual([]);
    for (const id of providers) {
      for (const { file } of ARTEFACTS) expect(fs.existsSync(path.join(docsDir, id, file)), `${id}/${file}`).toBe(true);
    }
  });

  test.each(providers)("%s.html: operations, samples, answers, chunk schema, and the console against the mock", async (id) => {
    const { doc } = bundle(id);
    const { page, problems, requests } = await open(`${server!.url}${id}.html`);
    const operations = operationsOf(doc);
    const find = (operationId: string) => operations.find((o) => o.op.operationId === operationId)!;

    // Every operation the provider serves, under its tag, and no other.
    for (const { op } of operations) await page.getByRole("heading", { name: op.summary, exact: true }).first().waitFor();
    for (const operation of operations) {
      expect(await sectionOf(page, operation).locator("h3").first().innerText(), operation.op.operationId).toBe(operation.op.summary);
    }
    const sections = await page.locator("section[id]").evaluateAll((all) => all.map((s) => s.id));
    expect(sections.filter((s) => /\/(GET|PUT|POST|DELETE|PATCH)\//.test(s)).length).toBe(operations.length);
    const served = Object.entries<any>(doc["x-gemini-provider"].operations).filter(([, o]) => o.served !== "not-served").map(([op]) => op);
    expect(operations.map((o) => o.op.operationId).sort()).toEqual(served.sort());
    const body = await page.innerText("body");
    expect(body).toContain(doc.info.title);
    // The server list starts with the mock; the provider's own servers follow.
    expect(await page.evaluate(() => document.body.dataset.console)).toBe("mock");
    expect(await page.locator("#docs-console").innerText()).toContain(mocks[id]);
    // Code samples: the curl sample of each operation is on the page.
    for (const { op } of operations) {
      const curl = op["x-codeSamples"].find((s: any) => s.label === "curl").source;
      expect(body, op.operationId).toContain(curl.split("\n")[0].replace(/ \\$/, "").trim());
    }
    // Whose documentation lists each answer.
    const own = doc["x-gemini-provider"].documentedStatuses as string[];
    expect(body).toContain(`Documented by ${doc["x-gemini-provider"].name}.`);
    if (own.length < Object.keys(operations[0].op.responses).length) expect(body).toContain("Inherited from Google:");
    // The stream's chunk schema: the note and the chunk branch with its fields, inside the stream operation.
    const stream = sectionOf(page, find("streamGenerateContent"));
    const streamText = await stream.innerText();
    expect(streamText).toContain(plain(STREAM_NOTE));
    // …the chunk's alternatives (GenerateContentStreamEvent's anyOf), the first shown with its fields.
    const after = streamText.slice(streamText.indexOf(plain(STREAM_NOTE)));
    const alternatives = doc.components.schemas.GenerateContentStreamEvent.anyOf.map((b: any) => b.$ref.split("/").pop());
    expect(alternatives.sort()).toEqual(["GenerateContentResponse", "GoogleErrorResponse"]);
    expect(after).toMatch(/^[^]*?Any of\s+GenerateContentResponse\b/);
    for (const field of ["candidates", "usageMetadata", "modelVersion"]) expect(after).toContain(field);
    const chooser = stream.locator("button[aria-haspopup=listbox]", { hasText: "GenerateContentResponse" }).first();
    await chooser.click();
    await page.getByRole("option", { name: "GoogleErrorResponse" }).waitFor();
    await page.keyboard.press("Escape");
    await stream.getByText(plain(STREAM_NOTE)).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, `${id}-stream-schema.png`) });

    // The console: generateContent answers with the first 200 example of the provider.
    const schemes = doc.security[0] as Record<string, string[]>;
    const credentials = (request: Request) => Object.keys(schemes).map((key) => {
      const scheme = doc.components.securitySchemes[key];
      if (scheme.type === "http") return request.headers().authorization === `Bearer ${MOCK_KEY}`;
      if (scheme.in === "query") return new URL(request.url()).searchParams.get(scheme.name) === MOCK_KEY;
      return request.headers()[scheme.name.toLowerCase()] === MOCK_KEY;
    });
    const authQuery = Object.fromEntries(Object.keys(schemes).map((key) => doc.components.securitySchemes[key])
      .filter((scheme) => scheme.type === "apiKey" && scheme.in === "query").map((scheme) => [scheme.name, MOCK_KEY]));
    const sent = () => requests.filter((r) => r.url().startsWith(mocks[id]) && r.method() !== "OPTIONS");
    /** The last request the console sent: its method, path (after the mock's base URL) and query, with the credentials it carried. */
    const last = () => {
      const request = sent().at(-1)!;
      const url = new URL(request.url());
      expect(credentials(request)).toEqual(Object.keys(schemes).map(() => true));
      return { method: request.method(), path: url.pathname.slice(new URL(mocks[id]).pathname.replace(/\/$/, "").length), query: Object.fromEntries(url.searchParams) };
    };
    const generate = find("generateContent").op;
    const firstExample: any = Object.values(generate.responses["200"].content["application/json"].examples)[0];
    const expectedText = firstExample.value.candidates?.[0]?.content?.parts?.find((p: any) => p.text)?.text;
    let { client, answer } = await sendFromConsole(page, find("generateContent"));
    await poll(() => answer.innerText(), "generateContent: answer").toMatch(/200 OK/);
    if (expectedText) await poll(() => answer.innerText()).toContain(expectedText.slice(0, 40));
    expect(sent()).toHaveLength(1);
    expect(last().method).toBe("POST");
    await page.screenshot({ path: path.join(screenshots, `${id}-console-generate.png`) });
    await closeConsole(page, client);

    // streamGenerateContent: alt=sse is sent and the answer shows every frame of the SSE example.
    ({ client, answer } = await sendFromConsole(page, find("streamGenerateContent")));
    const sse: string = Object.values<any>(find("streamGenerateContent").op.responses["200"].content["text/event-stream"].examples)[0].value;
    const frames = sse.split("\n\n").filter((f) => f.startsWith("data:"));
    expect(frames.length).toBeGreaterThan(1);
    await poll(async () => ((await answer.innerText()).match(/^data: /gm) ?? []).length, "frames shown").toBe(frames.length);
    const shown = await answer.innerText();
    for (const frame of frames) {
      const text = JSON.parse(frame.slice(5)).candidates?.[0]?.content?.parts?.[0]?.text;
      if (text) expect(shown.replace(/\s+/g, " ")).toContain(JSON.stringify(text).slice(1, -1).replace(/\s+/g, " ").slice(0, 20));
    }
    expect(sent()).toHaveLength(2);
    expect(last().query.alt).toBe("sse");
    expect(last().path).toMatch(/:streamGenerateContent$/);
    await page.screenshot({ path: path.join(screenshots, `${id}-console-stream.png`) });
    await closeConsole(page, client);

    // Every GET operation, with its query parameters; then the first POST operation beyond generation.
    const examplesOf = (operationId: string) => Object.values<any>(find(operationId).op.responses["200"].content["application/json"].examples).map((e) => e.value);
    const others = operations.filter((o) => !o.op.operationId.endsWith("enerateContent"));
    const checked = [...others.filter((o) => o.method === "GET"), ...others.filter((o) => o.method === "POST").slice(0, 1)];
    expect(checked.length > 0).toBe(served.length > 2);
    for (const operation of checked) {
      const { operationId } = operation.op;
      const before = sent().length;
      if (operationId === "listModels") {
        // The list the mock serves: the models of the listModels examples, each once, in order.
        const lists = examplesOf("listModels");
        const catalogue = [...new Map(lists.flatMap((l) => l.models).map((m: any) => [m.name, m])).values()];
        const paged = lists.some((l) => typeof l.nextPageToken === "string");
        expect(operation.parameters.filter((p) => p.in === "query").map((p) => p.name)).toEqual(["pageSize", "pageToken"]);
        ({ client, answer } = await sendFromConsole(page, operation, { pageSize: "1" }));
        const first = await shownJson(answer, operationId);
        expect(sent()).toHaveLength(before + 1);
        expect(last()).toEqual({ method: "GET", path: operation.template, query: { pageSize: "1", ...authQuery } });
        if (paged) {
          // Google pages: one model and a token, and the token fetches the next page.
          expect(first.models).toEqual(catalogue.slice(0, 1));
          expect(typeof first.nextPageToken).toBe("string");
          await sendAgain(client, operation, { pageToken: first.nextPageToken });
          await poll(() => sent().length, "the second page asked for").toBe(before + 2);
          expect(last()).toEqual({ method: "GET", path: operation.template, query: { pageSize: "1", pageToken: first.nextPageToken, ...authQuery } });
          await shownJson(answer, `${operationId}, second page`, { models: catalogue.slice(1, 2), nextPageToken: expect.any(String) });
        } else {
          // A gateway's list: everything at once, whatever pageSize says.
          expect(first).toEqual({ models: catalogue, nextPageToken: null });
        }
        await page.screenshot({ path: path.join(screenshots, `${id}-console-listModels.png`) });
      } else {
        ({ client, answer } = await sendFromConsole(page, operation));
        const shownBody = await shownJson(answer, operationId);
        expect(sent()).toHaveLength(before + 1);
        // The console fills {model} with the path parameter's example.
        const model = operation.parameters.find((p) => p.in === "path").example;
        expect(last()).toEqual({ method: operation.method, path: operation.template.replace("{model}", model), query: authQuery });
        if (operationId === "getModel") expect(shownBody.name).toBe(`models/${model}`);
        else expect(examplesOf(operationId)).toContainEqual(shownBody);
        await page.screenshot({ path: path.join(screenshots, `${id}-console-${operationId}.png`) });
      }
      await closeConsole(page, client);
    }

    // The bar above the reference: back to the index, and every artefact.
    const local = await checkLinks(page, id);
    expect(local).toEqual(expect.arrayContaining(["index.html", ...ARTEFACTS.map((a) => `${id}/${a.file}`)]));
    await page.getByRole("link", { name: "← All providers" }).click();
    await page.waitForURL(`${server!.url}index.html`);
    await page.close();
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
  });

  test("opened as a plain file, a page is the same reference without a console, and sends nothing", async () => {
    const id = "kkiai";
    const { page, problems, requests } = await open(`file://${path.join(docsDir, `${id}.html`)}`);
    await page.getByRole("heading", { name: bundle(id).doc.paths["/v1beta/models/{model}:streamGenerateContent"].post.summary }).first().waitFor();
    expect(await page.evaluate(() => document.body.dataset.console)).toBe("none");
    expect(await page.locator("button.show-api-client-button").count()).toBe(0);
    expect(requests.filter((r) => !r.url().startsWith("file:") && !r.url().startsWith("data:"))).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
  });

  test("index.html compares the providers, what each serves, and links to each page and each artefact", async () => {
    const { page, problems } = await open(`${server!.url}index.html`);
    const columns = await page.locator("thead th[data-provider]").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-provider")));
    expect(columns).toEqual(providers);
    for (const id of providers) {
      const link = page.locator(`thead th[data-provider="${id}"] a`);
      expect(await link.getAttribute("href")).toBe(`${id}.html`);
      expect(await link.innerText()).toBe(bundle(id).doc["x-gemini-provider"].name);
    }
    // One row per operation, a cell per provider; the evidence opens on a click.
    for (const id of providers) {
      for (const [operationId, { evidence }] of Object.entries<any>(bundle(id).doc["x-gemini-provider"].operations)) {
        const shown = page.locator(`td[data-provider="${id}"][data-field="operation:${operationId}"]`);
        expect(await shown.locator(".served").getAttribute("data-served"), `${id} ${operationId}`).toBe(bundle(id).doc["x-gemini-provider"].operations[operationId].served);
        if (id !== "google" || operationId !== "listModels") continue;
        expect(await shown.locator(".evidence").isVisible()).toBe(false);
        await shown.locator("summary").click();
        expect(await shown.locator(".evidence").isVisible()).toBe(true);
        expect(await shown.locator(".evidence").innerText()).toBe(plain(evidence));
      }
    }
    const local = await checkLinks(page);
    for (const id of providers) expect(local).toEqual(expect.arrayContaining([`${id}.html`, ...ARTEFACTS.map((a) => `${id}/${a.file}`)]));
    await page.screenshot({ path: path.join(screenshots, "index.png"), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
