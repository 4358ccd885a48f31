// The model list and single models, answered as the provider answers them. Google pages its list (`pageSize`,
// 50 by default and at most 1,000; `pageToken`; `nextPageToken` absent on the last page) and answers a model it
// does not have with 404; a gateway that builds the list itself (new-api) sends everything in one page. The
// models are those of the spec's listModels examples, so `Prefer: example=…` still picks a page as written.
import type { ErrorReply } from "./errors.ts";

type Json = Record<string, any>;

const DEFAULT_PAGE = 50;
const MAX_PAGE = 1000;

export interface ModelCatalogue {
  /** the page a listModels call asks for, or an error for a bad pageSize/pageToken */
  page(query: URLSearchParams | undefined): { body: Json } | { error: { status: number; message: string; field: string } };
  /** the model with this id, or undefined when the provider has none of that name */
  model(id: string): Json | undefined;
}

const token = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64url");
const offsetOf = (text: string) => {
  const match = /^offset:(\d+)$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  return match ? Number(match[1]) : undefined;
};

/** `pages` are the bodies of the listModels 200 examples; `single` the getModel 200 examples. */
export function modelCatalogue(pages: Json[], single: Json[]): ModelCatalogue {
  const byName = new Map<string, Json>();
  for (const model of [...pages.flatMap((p) => (Array.isArray(p.models) ? p.models : [])), ...single]) {
    if (model && typeof model.name === "string" && !byName.has(model.name)) byName.set(model.name, model);
  }
  const all = [...byName.values()];
  // A list whose pages carry `nextPageToken: null` is a gateway's: one page, paging parameters ignored.
  const gateway = pages.some((p) => "nextPageToken" in p && p.nextPageToken === null);
  return {
    page(query) {
      if (gateway) return { body: { models: all, nextPageToken: null } };
      const sizeText = query?.get("pageSize") ?? query?.get("page_size");
      let size = DEFAULT_PAGE;
      if (sizeText !== null && sizeText !== undefined && sizeText !== "") {
        if (!/^\d+$/.test(sizeText)) return { error: { status: 400, field: "page_size", message: `Invalid value at 'page_size' (TYPE_INT32), "${sizeText.slice(0, 40)}"` } };
        size = Math.min(Number(sizeText) || DEFAULT_PAGE, MAX_PAGE);
      }
      const tokenText = query?.get("pageToken") ?? query?.get("page_token");
      const start = tokenText ? offsetOf(tokenText) : 0;
      if (start === undefined || start > all.length) return { error: { status: 400, field: "page_token", message: "Invalid page token." } };
      const models = all.slice(start, start + size);
      const next = start + size < all.length ? { nextPageToken: token(start + size) } : {};
      return { body: { models, ...next } };
    },
    model(id) {
      return byName.get(id.startsWith("models/") ? id : `models/${id}`);
    },
  };
}

/** Google's answer to a model it does not have. */
export const modelNotFound = (id: string): Pick<ErrorReply, "status"> & { message: string } => ({
  status: 404,
  message: `models/${id.replace(/^models\//, "")} is not found for API version v1beta, or is not supported for getModel. Call ListModels to see the list of available models and their supported methods.`,
});
