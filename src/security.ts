// How a bundle's `security` reads for tools that must put a key somewhere: alternatives (any one suffices),
// each a list of places that must all carry the key. The client table and the mock both read it from here.
type Doc = Record<string, any>;

export type SecurityScheme =
  | { kind: "header"; name: string }
  | { kind: "query"; name: string }
  | { kind: "bearer" };

export function securityAlternatives(doc: Doc): SecurityScheme[][] {
  const schemes: Doc = doc.components?.securitySchemes ?? {};
  return (doc.security ?? []).map((requirement: Doc) => Object.keys(requirement).map((name): SecurityScheme => {
    const scheme = schemes[name];
    if (scheme?.type === "http" && String(scheme.scheme).toLowerCase() === "bearer") return { kind: "bearer" };
    if (scheme?.type === "apiKey" && (scheme.in === "header" || scheme.in === "query")) {
      // Header names are case-insensitive; Node hands them over in lower case.
      return { kind: scheme.in, name: scheme.in === "header" ? scheme.name.toLowerCase() : scheme.name };
    }
    throw new Error(`${doc["x-gemini-provider"]?.id}: security scheme ${name} is neither a bearer token nor an API key in a header or the query`);
  }));
}

/** The headers and query string (no leading "?") that carry `key` in every place one alternative names. */
export function credentialsFor(alternative: SecurityScheme[], key: string): { headers: Record<string, string>; query: string } {
  const headers: Record<string, string> = {};
  const query: string[] = [];
  for (const scheme of alternative) {
    if (scheme.kind === "bearer") headers.authorization = `Bearer ${key}`;
    else if (scheme.kind === "header") headers[scheme.name] = key;
    else query.push(`${scheme.name}=${encodeURIComponent(key)}`);
  }
  return { headers, query: query.join("&") };
}
