// Checks a cassette against its provider's bundle: the request body against the wire bundle (what the
// service accepts), the response against the canonical bundle by operation and status.
import type { ErrorObject } from "ajv/dist/2020.js";
import { editedByAuthors } from "./corpus-record.ts";
import { type Cassette, header, parseGeminiPath, responseText } from "./cassette.ts";
import { type CheckRow, checkResponse, describeErrors, type Payload } from "./conformance.ts";
import type { ProviderContext } from "./context.ts";
import type { DriftFinding } from "./drift.ts";
import { requestDrift, requestSchema } from "../request-walk.ts";
import { SCENARIOS } from "./suite.ts";

// Where fixture authors replaced base64 payloads by placeholder text (their note says so), a `byte` format
// error is the only one excused, and only for those cassettes.
const onlyBytePlaceholders = (errors: ErrorObject[]) =>
  errors.every((e) => e.keyword === "format" && (e.params as any).format === "byte");

export function checkCassette(ctx: ProviderContext, name: string, cassette: Cassette):
  { rows: CheckRow[]; payloads: Payload[]; drift: DriftFinding[] } {
  const rows: CheckRow[] = [];
  if (cassette.provider !== ctx.id) {
    rows.push({ check: `${name} · provider`, verdict: "fail", detail: `cassette is for ${cassette.provider}, checked against ${ctx.id}` });
  }
  const target = cassette.request.path ? parseGeminiPath(cassette.request.path, cassette.request.method) : undefined;
  if (cassette.request.path && target?.operation !== cassette.operation) {
    rows.push({ check: `${name} · path`, verdict: "fail", detail: `${cassette.request.path} is not a ${cassette.operation} path` });
  }
  if (cassette.request.body !== null && cassette.request.body !== undefined) {
    const accepts = ctx.wire.requestBody(cassette.operation);
    const ok = accepts(cassette.request.body);
    // The live suite's bad request is invalid on purpose: the wire bundle must refuse it as the provider did.
    const invalidOnPurpose = cassette.check === "bad-request";
    rows.push({ check: `${name} · request`, verdict: ok !== invalidOnPurpose ? "pass" : "fail",
      detail: invalidOnPurpose ? (ok ? "the wire bundle accepts this deliberately invalid request" : "refused by the wire bundle, as intended")
        : ok ? "accepted by the wire bundle" : describeErrors(accepts.errors) });
  }
  const observed = { status: cassette.response.status, contentType: header(cassette.response.headers, "content-type") ?? null, text: responseText(cassette.response) };
  // A cassette the live suite recorded must also meet that check's expectation (a bad key refused…).
  const scenario = SCENARIOS.find((s) => s.name === cassette.check);
  const expectation = scenario ? scenario.expect(ctx) : { statuses: [cassette.response.status] };
  const result = checkResponse(ctx.validators, cassette.operation, name, observed, expectation,
    { tolerate: editedByAuthors(cassette.note) ? onlyBytePlaceholders : undefined });
  const drift = result.payloads.flatMap((p) => ctx.drift(cassette.operation, p, name));
  // A request the wire bundle accepts may still carry what the spec does not describe: a new enum name
  // (accepted on purpose, as Google adds them) or an undeclared field (which Google itself would refuse).
  const body = cassette.request.body;
  if (body !== null && body !== undefined && cassette.check !== "bad-request" && ctx.wire.requestBody(cassette.operation)(body)) {
    for (const d of requestDrift(ctx.wireDoc, requestSchema(ctx.wireDoc, cassette.operation), body)) {
      drift.push({ kind: d.kind, path: `request ${d.field.replace(/\[\d+\]/g, "[*]")}`, value: d.value ?? d.valueType ?? "", seenIn: `${name} request` });
    }
  }
  return { rows: [...rows, ...result.rows], payloads: result.payloads, drift };
}
