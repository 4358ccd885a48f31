// The rendered docs in a real browser (Debian's chromium, driven by playwright-core), offline: every request
// to a host other than loopback is blocked and recorded, and there must be none. The docs are served the way
// `npm start` serves them, told where each provider's mock listens (the mocks of the test run). Each provider
// page renders both operations with their code samples, says whose documentation lists each answer, shows the
// stream's chunk schema, and its console sends both operations to the provider's mock with the provider's
// credentials, showing the answer and the stream's frames; every link on every page resolves; opened as a
// file, a page has no console and sends nothing. Screenshots go to reports/screenshots/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { ARTEFACTS, buildDocs } from "../../scripts/lib/docs/build.ts";
import { externalResources } from "../../scripts/lib/docs/offline.ts";
import { MOCK_KEY, STREAM_NOTE } from "../../scripts/lib/docs/scalar.ts";
import { serveDocs, type DocsServer } from "../../scripts/lib/docs/serve.ts";
import { repoRoot } from "../../scripts/lib/providers.ts";
import { bundle, providers } from "../helpers/bundles.ts";

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
    expect(text.includes(href.split("#")[0]) || href === "https://www.scalar.com", `${page.url()}: ${href} comes from nowhere`).toBe(true);
  }
  return local;
}

/** Polls with the time a page needs on a busy 2-core machine (Vitest's default is one second). */
const poll = <T>(fn: () => Promise<T> | T, message?: string) => expect.poll(fn, { timeout: 30_000, message });

/** Opens the console for one operation, sends its example request and returns the answer panel. */
async function sendFromConsole(page: Page, operationId: string) {
  await page.locator(`section[id$=":${operationId}"] button.show-api-client-button`).click();
  const client = page.getByRole("dialog", { name: "API Client" });
  await client.getByRole("button", { name: /^Send/ }).first().click();
  return { client, answer: client.locator("section[aria-label=Response]") };
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
    const operations = Object.entries<any>(doc.paths).map(([template, item]) => ({ template, ...item.post }));

    for (const op of operations) await page.getByRole("heading", { name: op.summary, exact: true }).first().waitFor();
    const body = await page.innerText("body");
    expect(body).toContain(doc.info.title);
    // The server list starts with the mock; the provider's own servers follow.
    expect(await page.evaluate(() => document.body.dataset.console)).toBe("mock");
    expect(await page.locator("#docs-console").innerText()).toContain(mocks[id]);
    // Code samples: the curl sample of each operation is on the page.
    for (const op of operations) {
      const curl = op["x-codeSamples"].find((s: any) => s.label === "curl").source;
      expect(body, op.operationId).toContain(curl.split("\n")[0].replace(/ \\$/, "").trim());
    }
    // Whose documentation lists each answer.
    const own = doc["x-gemini-provider"].documentedStatuses as string[];
    expect(body).toContain(`Documented by ${doc["x-gemini-provider"].name}.`);
    if (own.length < Object.keys(operations[0].responses).length) expect(body).toContain("Inherited from Google:");
    // The stream's chunk schema: the note and the chunk branch with its fields, inside the stream operation.
    const stream = page.locator("section[id$=':streamGenerateContent']");
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
    const sent = () => requests.filter((r) => r.url().startsWith(mocks[id]) && r.method() === "POST");
    const firstExample: any = Object.values(operations[0].responses["200"].content["application/json"].examples)[0];
    const expectedText = firstExample.value.candidates?.[0]?.content?.parts?.find((p: any) => p.text)?.text;
    let { client, answer } = await sendFromConsole(page, "generateContent");
    await poll(() => answer.innerText(), "generateContent: answer").toMatch(/200 OK/);
    if (expectedText) await poll(() => answer.innerText()).toContain(expectedText.slice(0, 40));
    expect(sent()).toHaveLength(1);
    expect(credentials(sent()[0])).toEqual(Object.keys(schemes).map(() => true));
    await page.screenshot({ path: path.join(screenshots, `${id}-console-generate.png`) });
    await page.keyboard.press("Escape");
    await client.waitFor({ state: "hidden" });

    // streamGenerateContent: alt=sse is sent and the answer shows every frame of the SSE example.
    ({ client, answer } = await sendFromConsole(page, "streamGenerateContent"));
    const sse: string = Object.values<any>(operations[1].responses["200"].content["text/event-stream"].examples)[0].value;
    const frames = sse.split("\n\n").filter((f) => f.startsWith("data:"));
    expect(frames.length).toBeGreaterThan(1);
    await poll(async () => ((await answer.innerText()).match(/^data: /gm) ?? []).length, "frames shown").toBe(frames.length);
    const shown = await answer.innerText();
    for (const frame of frames) {
      const text = JSON.parse(frame.slice(5)).candidates?.[0]?.content?.parts?.[0]?.text;
      if (text) expect(shown.replace(/\s+/g, " ")).toContain(JSON.stringify(text).slice(1, -1).replace(/\s+/g, " ").slice(0, 20));
    }
    const streamed = sent()[1];
    expect(new URL(streamed.url()).searchParams.get("alt")).toBe("sse");
    expect(new URL(streamed.url()).pathname).toMatch(/:streamGenerateContent$/);
    expect(credentials(streamed)).toEqual(Object.keys(schemes).map(() => true));
    await page.screenshot({ path: path.join(screenshots, `${id}-console-stream.png`) });
    await page.keyboard.press("Escape");

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

  test("index.html compares the providers and links to each page and each artefact", async () => {
    const { page, problems } = await open(`${server!.url}index.html`);
    const columns = await page.locator("thead th[data-provider]").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-provider")));
    expect(columns).toEqual(providers);
    for (const id of providers) {
      const link = page.locator(`thead th[data-provider="${id}"] a`);
      expect(await link.getAttribute("href")).toBe(`${id}.html`);
      expect(await link.innerText()).toBe(bundle(id).doc["x-gemini-provider"].name);
    }
    const local = await checkLinks(page);
    for (const id of providers) expect(local).toEqual(expect.arrayContaining([`${id}.html`, ...ARTEFACTS.map((a) => `${id}/${a.file}`)]));
    await page.screenshot({ path: path.join(screenshots, "index.png"), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
