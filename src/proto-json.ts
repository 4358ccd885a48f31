// Protobuf JSON naming, shared by the wire derivation (which accepts both names) and the mock's error
// messages (which report fields under their proto names, as Google does).

/** The proto (snake_case) name of a lowerCamelCase JSON field name: `inlineData` → `inline_data`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
