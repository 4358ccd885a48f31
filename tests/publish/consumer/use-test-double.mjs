// Runs inside a fresh project that installed the package: the mock as a test double through its library entry
// point — journal, script, seeded failures, pacing, strictness, and a recording proxy in front of a second mock.
// Prints one JSON line with what it saw.
// Usage: node use-test-double.mjs <folder to record into>
import fs from "node:fs";
import { ScriptError, startMock } from "gemini-native-openapi/mock";

const record = process.argv[2];
const hi = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
const post = (mock, body, { operation = "generateContent", prefer } = {}) => fetch(`${mock.baseUrl}/v1beta/models/gemini-2.5-flash:${operation}`, {
  method: "POST", headers: { "x-goog-api-key": "the-real-key", ...(prefer ? { prefer } : {}) }, body: JSON.stringify(body),
});
const out = {};

const mock = await startMock({ provider: "google" });
await post(mock, { ...hi, systemInstruction: { parts: [{ text: "Be brief." }] } });
const journal = await (await fetch(`${mock.url}/__mock/requests`)).json();
out.journal = { count: journal.length, key: journal[0].headers["x-goog-api-key"], system: journal[0].body.systemInstruction.parts[0].text, same: JSON.stringify(journal) === JSON.stringify(mock.requests()) };

mock.script([{ body: { candidates: [{ content: { role: "model", parts: [{ text: "scripted" }] }, finishReason: "STOP" }] } }]);
out.scripted = (await (await post(mock, hi)).json()).candidates[0].content.parts[0].text;
try {
  mock.script({ example: "no-such-example" });
} catch (error) {
  out.badScript = error instanceof ScriptError;
}

const t0 = performance.now();
await post(mock, hi, { prefer: "delay=250" });
out.delayed = performance.now() - t0 >= 240;
out.lenientDrift = (await post(mock, { ...hi, generationConfig: { temprature: 1 } })).headers.get("x-gemini-mock-drift");
out.strictStatus = (await post(mock, { ...hi, generationConfig: { temprature: 1 } }, { prefer: "strict" })).status;
await mock.close();

const statuses = async () => {
  const m = await startMock({ provider: "google", faults: { failRate: 0.5, seed: 3 } });
  const list = [];
  for (let i = 0; i < 12; i++) list.push((await post(m, hi)).status);
  await m.close();
  return list;
};
const first = await statuses();
out.faults = { repeats: JSON.stringify(first) === JSON.stringify(await statuses()), failed: first.filter((s) => s !== 200).length };

const upstream = await startMock({ provider: "google" });
const proxy = await startMock({ provider: "google", proxy: upstream.url, record });
const proxied = await post(proxy, hi, { operation: "streamGenerateContent?alt=sse" });
out.proxy = { status: proxied.status, type: proxied.headers.get("content-type"), frames: (await proxied.text()).split("\n\n").filter(Boolean).length };
out.proxy.violations = proxy.requests()[0].response.violations;
out.proxy.recorded = fs.readdirSync(record).length;
out.proxy.keyInRecording = fs.readdirSync(record).some((f) => fs.readFileSync(`${record}/${f}`, "utf8").includes("the-real-key"));
await proxy.close();
await upstream.close();
console.log(JSON.stringify(out));
