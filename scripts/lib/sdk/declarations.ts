// Reads the public type declarations of @google/genai (dist/genai.d.ts) into plain data: each interface or
// class with its properties (name, type, doc comment), each enum with its values, each type alias. Parsed
// with the TypeScript compiler's own parser, so the layout of the file does not matter.
import ts from "typescript";

/** A property's type, reduced to what the inventory needs. */
export type TypeRef =
  | { kind: "primitive"; name: string } // string, number, boolean, unknown, any, …
  | { kind: "named"; name: string } // an interface, class, enum or alias of the file
  | { kind: "array"; of: TypeRef }
  | { kind: "map"; of: TypeRef } // Record<string, X> or an index signature
  | { kind: "literals"; values: string[] } // 'A' | 'B'
  | { kind: "union"; of: TypeRef[] };

export interface Property { name: string; type: TypeRef; doc: string }
export interface EnumValue { value: string; doc: string }

export interface Declarations {
  objects: Map<string, { doc: string; properties: Property[]; extends: string[] }>;
  enums: Map<string, { doc: string; values: EnumValue[] }>;
  aliases: Map<string, TypeRef>;
}

function docOf(node: ts.Node): string {
  return ts.getJSDocCommentsAndTags(node)
    .map((d) => (ts.isJSDoc(d) ? ts.getTextOfJSDocComment(d.comment) ?? "" : ""))
    .join(" ").replace(/\s+/g, " ").trim();
}

function typeRef(node: ts.TypeNode | undefined, source: ts.SourceFile): TypeRef {
  if (!node) return { kind: "primitive", name: "any" };
  if (ts.isParenthesizedTypeNode(node)) return typeRef(node.type, source);
  if (ts.isArrayTypeNode(node)) return { kind: "array", of: typeRef(node.elementType, source) };
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { kind: "literals", values: [node.literal.text] };
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    return index ? { kind: "map", of: typeRef(index.type, source) } : { kind: "primitive", name: "object" };
  }
  if (ts.isUnionTypeNode(node)) {
    const members = node.types.map((t) => typeRef(t, source)).filter((t) => !(t.kind === "primitive" && t.name === "undefined"));
    if (members.every((m) => m.kind === "literals")) {
      return { kind: "literals", values: members.flatMap((m) => (m as { values: string[] }).values) };
    }
    return members.length === 1 ? members[0] : { kind: "union", of: members };
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText(source);
    const args = node.typeArguments ?? [];
    if (name === "Array" && args.length === 1) return { kind: "array", of: typeRef(args[0], source) };
    if (name === "Record" && args.length === 2) return { kind: "map", of: typeRef(args[1], source) };
    return { kind: "named", name };
  }
  // keywords (string, number, …) and anything the inventory has no use for (intersections, functions)
  return { kind: "primitive", name: node.getText(source) };
}

export function readDeclarations(text: string, fileName = "genai.d.ts"): Declarations {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Declarations = { objects: new Map(), enums: new Map(), aliases: new Map() };
  // Top-level declarations only: the namespaces further down (Interactions, Agents, …) reuse type names.
  for (const node of source.statements) {
    if (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) {
      const name = node.name?.text;
      if (!name) continue;
      const properties: Property[] = [];
      for (const member of node.members) {
        // getters and methods (`text`, `functionCalls`) are computed by the SDK, not read from the wire
        if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member))) continue;
        if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.StaticKeyword)) continue;
        if (!member.name || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) continue;
        properties.push({ name: member.name.text, type: typeRef(member.type, source), doc: docOf(member) });
      }
      const parents = (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source)));
      out.objects.set(name, { doc: docOf(node), properties, extends: parents });
    } else if (ts.isEnumDeclaration(node)) {
      out.enums.set(node.name.text, {
        doc: docOf(node),
        values: node.members.map((m) => ({
          value: m.initializer && ts.isStringLiteral(m.initializer) ? m.initializer.text : m.name.getText(source),
          doc: docOf(m),
        })),
      });
    } else if (ts.isTypeAliasDeclaration(node)) {
      out.aliases.set(node.name.text, typeRef(node.type, source));
    }
  }
  return out;
}
