export { createGeminiClient, type GeminiClient } from "./client.ts";
export { GeminiApiError } from "./errors.ts";
export type * from "./types.ts";
