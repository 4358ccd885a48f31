// A complete GenerateContentResponse told as a stream, the way Google streams one: text arrives in pieces over
// several chunks, while a function call, inline data or code arrives whole in one; `usageMetadata` grows from
// chunk to chunk and is complete in the last, which alone carries `finishReason` and the other per-candidate
// findings (safety ratings, citations, grounding); `modelVersion` and `responseId` are in every chunk. So any
// unary example can be served on streamGenerateContent, and every chunk is itself a valid response.
type Json = Record<string, any>;

/** Text shorter than this stays in one piece. */
const MIN_PIECE = 24;
/** A text part is split into at most this many pieces. */
const MAX_PIECES = 3;

/** The text cut into up to MAX_PIECES pieces of roughly equal length, each ending after a space where possible. */
export function splitText(text: string): string[] {
  const count = Math.min(MAX_PIECES, Math.floor(text.length / MIN_PIECE));
  if (count < 2) return [text];
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < count; i++) {
    const target = Math.round((text.length * i) / count);
    const space = text.indexOf(" ", target);
    const cut = space < 0 || space - target > MIN_PIECE ? target : space + 1;
    if (cut <= start || cut >= text.length) continue;
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** A part as it is emitted: text in pieces (a signature stays with the last), anything else whole. */
function emissions(part: Json): Json[] {
  if (typeof part.text !== "string") return [part];
  const pieces = splitText(part.text);
  if (pieces.length === 1) return [part];
  const { thoughtSignature, ...rest } = part;
  return pieces.map((text, i) => ({ ...rest, text, ...(i === pieces.length - 1 && thoughtSignature !== undefined ? { thoughtSignature } : {}) }));
}

const textLength = (parts: Json[]) => parts.reduce((n, p) => n + (typeof p.text === "string" ? p.text.length : 0), 0);

/** Usage after `share` (0–1) of the candidates' output: prompt counts whole, output counts in proportion. */
function usageSoFar(final: Json, share: number): Json {
  const { candidatesTokensDetails: _details, ...usage } = final;
  if (typeof final.candidatesTokenCount === "number") usage.candidatesTokenCount = Math.floor(final.candidatesTokenCount * share);
  if (typeof final.totalTokenCount === "number") {
    usage.totalTokenCount = final.totalTokenCount - (final.candidatesTokenCount ?? 0) + (usage.candidatesTokenCount ?? 0);
  }
  return usage;
}

/** The chunks a stream of `response` consists of, in order (one when there is nothing to split). */
export function streamChunks(response: Json): Json[] {
  const candidates: Json[] = Array.isArray(response.candidates) ? response.candidates : [];
  const { candidates: _c, usageMetadata, promptFeedback, ...common } = response;
  const perCandidate = candidates.map((c) => (Array.isArray(c.content?.parts) ? c.content.parts.flatMap(emissions) : []));
  const count = Math.max(1, ...perCandidate.map((e) => e.length));
  if (count === 1) return [response];
  const totalText = perCandidate.reduce((n, e) => n + textLength(e), 0);
  const chunks: Json[] = [];
  let emittedText = 0;
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    const inChunk: Json[] = [];
    candidates.forEach((candidate, c) => {
      const part = perCandidate[c][i];
      if (!part && !last) return;
      const { content, ...findings } = candidate;
      const out: Json = last ? { ...findings } : candidate.index === undefined ? {} : { index: candidate.index };
      if (part) {
        out.content = { ...content, parts: [part] };
        emittedText += typeof part.text === "string" ? part.text.length : 0;
      }
      inChunk.push(out);
    });
    const chunk: Json = { candidates: inChunk, ...common };
    if (i === 0 && promptFeedback !== undefined) chunk.promptFeedback = promptFeedback;
    if (usageMetadata !== undefined) chunk.usageMetadata = last ? usageMetadata : usageSoFar(usageMetadata, totalText ? emittedText / totalText : (i + 1) / count);
    chunks.push(chunk);
  }
  return chunks;
}
