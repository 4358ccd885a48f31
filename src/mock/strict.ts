// Google's strictness, on demand (`mock --strict`, `Prefer: strict`): Google refuses what the spec lets through on
// purpose — a field it does not know, an enum name it does not know, a required list left empty — with a 400
// INVALID_ARGUMENT whose BadRequest detail names each. The mock finds these anyway (drift, ./judge.ts); strict
// mode answers them in Google's words instead of only flagging them.
import type { RequestDrift } from "../request-walk.ts";

export interface Violation { field: string; description: string }

/** The violations Google would report for this drift and these empty required lists (none: the request stands). */
export function strictViolations(drift: RequestDrift[], unspecified: string[]): Violation[] {
  const out: Violation[] = [];
  for (const d of drift) {
    const cut = d.field.lastIndexOf(".");
    const parent = cut < 0 ? "" : d.field.slice(0, cut);
    const name = d.field.slice(cut + 1);
    if (d.kind === "unknown property") {
      out.push({ field: parent, description: `Invalid JSON payload received. Unknown name ${JSON.stringify(name)}${parent ? ` at '${parent}'` : ""}: Cannot find field.` });
    } else {
      out.push({ field: d.field, description: `Invalid value at '${d.field}', ${JSON.stringify(d.value)}` });
    }
  }
  for (const field of unspecified) out.push({ field, description: `${field} is not specified` });
  return out;
}

/** Google's message for them: one line each, as its own messages join them. */
export const strictMessage = (violations: Violation[]) => violations.map((v) => v.description).join("\n");
