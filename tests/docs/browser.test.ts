// The rendered docs in a real browser (Debian's chromium, driven by playwright-core), with every request that
// does not go to the local docs server blocked and recorded: each provider page renders both operations,
// its server URL, its auth scheme and its code samples; the index links to every page; no page logs a
// console error or needs anything from elsewhere. Screenshots go to reports/screenshots/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildDocs } from "../../scripts/lib/docs/build.ts";
import { serveDocs, type DocsServer } from "../../scripts/lib/docs/serve.ts";
import { externalResources } from "../../scripts/lib/docs/redoc.ts";
import { repoRoot } from "../../scripts/lib/providers.ts";
import { bundle, providers } from "../helpers/bundles.ts";

const CHROMIUM = "/usr/bin/chromium";
const screenshots = path.join(repoRoot, "reports", "screenshots");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "gemini-docs-browser-"));
const docsDir = path.join(work, "docs");
const expandUrl = (server: any) => server.url.replace(/\{(\w+)\}/g, (_: string, v: string) => server.variables[v].default);
const plain = (markdown: string) => markdown.replace(/`/g, "").replace(/\*\*/g, "").replace(/\s+/g, " ").trim();

let server: DocsServer | undefined;
let context: BrowserContext | undefined;
let written: string[] = [];
/** Requests to anywhere but the docs server: each was aborted, and there must be none. */
const blocked: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the rendered-docs test needs Debian's chromium package `
      + "(apt-get install -y chromium; .ci/run installs it). It is never skipped.");
  }
  written = await buildDocs(docsDir);
  server = await serveDocs({ port: 0, dir: docsDir });
  const local = server.url;
  context = await chromium.launchPersistentContext(path.join(work, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(local)) return route.continue();
    blocked.push(url);
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
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context!.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on("console", (message) => { if (message.type() === "error") problems.push(`console: ${message.text()}`); });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  const response = await page.goto(`${server!.url}${file}`, { waitUntil: "load" });
  expect(response?.status(), file).toBe(200);
  return { page, problems };
}

describe("rendered docs in chromium, offline", () => {
  test("the build writes one page per provider and the index, none referring to another host", () => {
    expect(written.map((f) => path.basename(f)).sort()).toEqual([...providers.map((id) => `${id}.html`), "index.html"].sort());
    for (const file of written) expect(externalResources(fs.readFileSync(file, "utf8")), file).toEqual([]);
  });

  test.each(providers)("%s.html shows both operations, the server URL, the auth scheme and the code samples", async (id) => {
    const { doc } = bundle(id);
    const { page, problems } = await open(`${id}.html`);
    const operations = Object.entries<any>(doc.paths).map(([template, item]) => ({ template, ...item.post }));

    await expect.poll(() => page.innerText("body")).toContain(doc.info.title);
    expect(await page.innerText("body")).toContain(doc.servers[0].url);

    // Operations are listed under their tag in the navigation.
    await page.getByText(doc.tags[0].name, { exact: true }).first().click();
    for (const op of operations) await page.getByText(op.summary, { exact: true }).first().waitFor();

    for (const [i, op] of operations.entries()) {
      await page.getByText(op.summary, { exact: true }).first().click();
      const sample = page.locator("pre[data-testid=source-code]").first();
      const curl = op["x-codeSamples"].find((s: any) => s.label === "curl").source;
      const firstLine = curl.split("\n")[0].replace(/ \\$/, "");
      // Redoc keeps every operation it has shown in the page, so look in all code blocks.
      await expect.poll(async () => (await page.locator("pre[data-testid=source-code]").allInnerTexts())
        .some((text) => text.includes(firstLine)), { message: `${op.operationId}: ${firstLine}` }).toBe(true);
      expect(firstLine).toContain(`"${expandUrl(doc.servers[0])}${op.template.split("{")[0]}`);

      const security = Object.keys(doc.security[0]);
      expect(await page.innerText("body")).toContain(security.join(" and "));
      if (i === 0) {
        // The security details name each scheme with its description and where the credential goes.
        const described = security.map((key) => plain(doc.components.securitySchemes[key].description));
        const before = await page.innerText("body");
        for (const text of described) expect(before).not.toContain(text);
        await page.getByText("View security details").first().click();
        await expect.poll(() => page.innerText("body")).toContain(described[0]);
        const details = await page.innerText("body");
        for (const [n, key] of security.entries()) {
          const scheme = doc.components.securitySchemes[key];
          expect(details).toContain(described[n]);
          if (scheme.type === "apiKey") expect(details).toMatch(new RegExp(`${scheme.in} parameter name:\\s*${scheme.name}`, "i"));
          else expect(details).toMatch(/HTTP Authorization Scheme/);
        }
        await page.keyboard.press("Escape");
        await expect.poll(() => page.innerText("body")).not.toContain(described[0]);

        // Every sample language is offered, and the TypeScript one is this provider's client.
        await page.getByRole("button", { name: "curl" }).first().click();
        for (const label of ["TypeScript", "Python"]) await page.getByRole("menuitem", { name: label }).waitFor();
        await page.getByRole("menuitem", { name: "TypeScript" }).click();
        await expect.poll(() => sample.innerText()).toContain(`provider: "${id}"`);
        await page.screenshot({ path: path.join(screenshots, `${id}.png`) });
        await page.getByRole("button", { name: "TypeScript" }).first().click();
        await page.getByRole("menuitem", { name: "curl" }).click();
      }
    }
    await page.close();
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
  });

  test("index.html compares the providers and links to each page", async () => {
    const { page, problems } = await open("index.html");
    const columns = await page.locator("thead th[data-provider]").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-provider")));
    expect(columns).toEqual(providers);
    for (const id of providers) {
      const link = page.locator(`thead th[data-provider="${id}"] a`);
      expect(await link.getAttribute("href")).toBe(`${id}.html`);
      expect(await link.innerText()).toBe(bundle(id).doc["x-gemini-provider"].name);
    }
    await page.screenshot({ path: path.join(screenshots, "index.png"), fullPage: true });
    const target = providers.at(-1)!;
    await page.locator(`thead th[data-provider="${target}"] a`).click();
    await page.waitForURL(`${server!.url}${target}.html`);
    await expect.poll(() => page.innerText("body")).toContain(bundle(target).doc.info.title);
    await page.close();
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
