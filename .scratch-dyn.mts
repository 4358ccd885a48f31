import { createNegotiator } from "/work/main/src/mock/negotiate.ts";
import { bundlePaths } from "/work/main/src/bundles.ts";
const n = await createNegotiator(bundlePaths("google").json);
for (const mt of [["application/json"], ["text/event-stream", "application/json"]]) {
  const times: number[] = [];
  let last: any;
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    last = n.respond("streamGenerateContent", { dynamic: true }, mt);
    times.push(performance.now() - t);
  }
  console.log(mt[0], times.map((x) => x.toFixed(0)).join(" "), last.headers["content-type"], Buffer.concat(last.chunks).length, Buffer.concat(last.chunks).toString().slice(0, 200));
}
const t = [];
for (let i = 0; i < 8; i++) { const s = performance.now(); n.respond("generateContent", { dynamic: true }, ["application/json"]); t.push(performance.now() - s); }
console.log("unary", t.map((x) => x.toFixed(0)).join(" "));
