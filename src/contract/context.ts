// Everything the contract checks need about one provider, loaded and compiled once: its bundle, validators
// for responses (canonical bundle) and requests (wire bundle), the drift pass, and the models it documents.
import { bundlePaths, knownProvider, readJson } from "../bundles.ts";
import { type BundleValidators, createValidators } from "../validate.ts";
import { createDriftPass } from "./drift.ts";

export interface ProviderContext {
  id: string;
  doc: Record<string, any>;
  validators: BundleValidators;
  wire: BundleValidators;
  /** the wire bundle itself, for naming request fields and finding request drift */
  wireDoc: Record<string, any>;
  drift: ReturnType<typeof createDriftPass>;
  models: { text: string; image?: string; embedding?: string };
}

const loaded = new Map<string, ProviderContext>();

export function providerContext(id: string): ProviderContext {
  knownProvider(id);
  let ctx = loaded.get(id);
  if (!ctx) {
    const files = bundlePaths(id);
    const doc = readJson(files.json);
    const wireDoc = readJson(files.wire);
    ctx = { id, doc, validators: createValidators(doc), wire: createValidators(wireDoc), wireDoc, drift: createDriftPass(doc), models: documentedModels(doc) };
    loaded.set(id, ctx);
  }
  return ctx;
}

/**
 * The models a provider's `Model` parameter lists: the first text model, and the first image model (a name
 * or description that says image generation). A provider that lists only image models (kkiai) gets its
 * first image model for text too: image models answer text prompts.
 */
export function documentedModels(doc: Record<string, any>): { text: string; image?: string; embedding?: string } {
  const schema = doc.components?.parameters?.Model?.schema ?? {};
  const listed = [schema, ...(schema.anyOf ?? [])].find((s: any) => Array.isArray(s?.enum)) ?? { enum: [] };
  const describe: Record<string, string> = listed["x-enumDescriptions"] ?? {};
  const isImage = (m: string) => /image/i.test(m) || /image generation/i.test(describe[m] ?? "");
  const models: string[] = listed.enum;
  const image = models.find(isImage);
  const text = models.find((m) => !isImage(m)) ?? image ?? doc.components?.parameters?.Model?.example;
  if (!text) throw new Error("the bundle lists no model; pass --model");
  const embeddings = doc.components?.parameters?.EmbeddingModel?.schema ?? {};
  const embedding = ([embeddings, ...(embeddings.anyOf ?? [])].find((s: any) => Array.isArray(s?.enum))?.enum ?? [])[0] as string | undefined;
  return { text, image, embedding };
}
