export { createGeminiClient, type GeminiClient, type GeminiMethods } from "./client.ts";
export { GeminiApiError } from "./errors.ts";
export type * from "./types.ts";
