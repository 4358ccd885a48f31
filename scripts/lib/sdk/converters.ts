// Reads the converters of @google/genai's bundle (dist/index.mjs): the generated functions named
// `<type>To<Api>` (SDK object → request body) and `<type>From<Api>` (response body → SDK object), where Api
// is Mldev (the Gemini API) or Vertex. Each is a list of statements of two forms,
//   const fromX = getValueByPath(fromObject, ['x']); if (fromX != null) setValueByPath(toObject, ['y'], conv(fromX));
//   if (getValueByPath(fromObject, ['x']) !== undefined) throw new Error('x parameter is only supported in … mode');
// which say which field the SDK sends (and under which wire name, through which nested converter) and which
// it refuses for that API. Parsed with the TypeScript compiler's parser, not with regular expressions.
import ts from "typescript";

export interface Mapping {
  /** the field's path in the SDK object */
  sdk: string[];
  /** its path on the wire (`_url`/`_query` paths are URL parts, not body fields) */
  wire: string[];
  /** `parent`: written into the enclosing object (a config field that lands in the request itself) */
  target: "self" | "parent";
  /** converters applied to the value (nested objects or list items) */
  converters: string[];
  /** for a mapping without a wire path: whether the nested converter writes into this object, or only checks */
  handsOver?: boolean;
}

export interface Converter {
  name: string;
  direction: "to" | "from";
  api: "mldev" | "vertex";
  mappings: Mapping[];
  /** SDK field → the error it throws when the field is set for this API */
  rejects: Map<string, string>;
}

export const CONVERTER_NAME = /^[a-z]\w*?(To|From)(Mldev|Vertex)(\$\d+)?$/;

function stringArray(node: ts.Node | undefined): string[] | undefined {
  if (!node || !ts.isArrayLiteralExpression(node)) return undefined;
  const items = node.elements.map((e) => (ts.isStringLiteral(e) ? e.text : undefined));
  return items.every((s) => s !== undefined) ? (items as string[]) : undefined;
}

const callee = (call: ts.CallExpression) => (ts.isIdentifier(call.expression) ? call.expression.text : "");

/** Every call expression below `node`. */
function calls(node: ts.Node): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function hasThrow(node: ts.Node): string | undefined {
  let message: string | undefined;
  const visit = (n: ts.Node) => {
    if (ts.isThrowStatement(n) && n.expression && ts.isNewExpression(n.expression)) {
      const arg = n.expression.arguments?.[0];
      message = arg && ts.isStringLiteral(arg) ? arg.text : "";
    }
    if (message === undefined) ts.forEachChild(n, visit);
  };
  visit(node);
  return message;
}

function readConverter(fn: ts.FunctionDeclaration): Converter {
  const name = fn.name!.text;
  const [, direction, api] = CONVERTER_NAME.exec(name)!;
  const converter: Converter = {
    name,
    direction: direction === "To" ? "to" : "from",
    api: api === "Mldev" ? "mldev" : "vertex",
    mappings: [],
    rejects: new Map(),
  };
  const sources = new Map<string, string[]>(); // local variable → path read from fromObject
  for (const statement of fn.body?.statements ?? []) {
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const init = decl.initializer;
        if (ts.isIdentifier(decl.name) && init && ts.isCallExpression(init) && callee(init) === "getValueByPath") {
          const path = stringArray(init.arguments[1]);
          if (path) sources.set(decl.name.text, path);
        }
      }
      continue;
    }
    if (!ts.isIfStatement(statement)) continue;
    const thrown = hasThrow(statement.thenStatement);
    if (thrown !== undefined) {
      const read = calls(statement.expression).find((c) => callee(c) === "getValueByPath");
      const path = read && stringArray(read.arguments[1]);
      if (path) converter.rejects.set(path.join("."), thrown);
      continue;
    }
    const conditionVars: string[] = [];
    const findVars = (n: ts.Node) => {
      if (ts.isIdentifier(n) && sources.has(n.text)) conditionVars.push(n.text);
      ts.forEachChild(n, findVars);
    };
    findVars(statement.expression);
    const from = conditionVars.map((v) => sources.get(v)!)[0];
    if (!from) continue;
    const inner = calls(statement.thenStatement);
    const nested = [...new Set(inner.map(callee).filter((n) => CONVERTER_NAME.test(n)))];
    const writes = inner.filter((c) => callee(c) === "setValueByPath");
    if (writes.length === 0 && nested.length) {
      // A nested converter that writes straight into this object (a config merged into its parent), or, when
      // it is not handed this object, one called only for the errors it throws.
      const handsOver = inner.some((c) => CONVERTER_NAME.test(callee(c)) && c.arguments.some((a) => ts.isIdentifier(a) && a.text === "toObject"));
      converter.mappings.push({ sdk: direction === "To" ? from : [], wire: direction === "To" ? [] : from, target: "self", converters: nested, handsOver });
    }
    for (const write of writes) {
      const to = stringArray(write.arguments[1]);
      const target = write.arguments[0];
      if (!to || !ts.isIdentifier(target)) continue;
      const [sdk, wire] = direction === "To" ? [from, to] : [to, from];
      converter.mappings.push({ sdk, wire, target: target.text === "parentObject" ? "parent" : "self", converters: nested });
    }
  }
  return converter;
}

/** Every converter function of the bundle, by name. */
export function readConverters(text: string, fileName = "index.mjs"): Map<string, Converter> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out = new Map<string, Converter>();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && CONVERTER_NAME.test(statement.name.text)) {
      out.set(statement.name.text, readConverter(statement));
    }
  }
  return out;
}
