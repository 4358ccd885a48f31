// listAllModels: the model list as one sequence of models, asking for page after page with the nextPageToken of
// the one before until a page comes without one (absent on Google, null from gateways). Each page is a listModels
// call, with its limits; the number of pages is bounded too, and a server that answers a token with the same
// token is stopped at once, before its page is handed out a second time.
import { clientError, isObject, type Scope } from "./errors.ts";
import { MAX_PAGES } from "./limits.ts";

export async function* allModels(scope: Scope, listPage: (pageToken: string | undefined) => Promise<Record<string, any>>): AsyncGenerator<any, void, undefined> {
  let pageToken: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await listPage(pageToken);
    const models: unknown = page.models ?? [];
    const next: unknown = page.nextPageToken;
    if (!Array.isArray(models) || !models.every(isObject) || !(next == null || typeof next === "string")) {
      throw clientError(scope, 200, "DATA_LOSS", "listModels answered with something that is not a page of models", page);
    }
    if (next && next === pageToken) {
      throw clientError(scope, 200, "DATA_LOSS", "listModels answered a pageToken with that same token as nextPageToken; stopped, as following it would loop");
    }
    yield* models;
    if (!next) return;
    if (pages === MAX_PAGES) throw clientError(scope, 200, "RESOURCE_EXHAUSTED", `the model list goes on for more than ${MAX_PAGES} pages`);
    pageToken = next;
  }
}
