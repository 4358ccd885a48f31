// The reader behind `npm run reference:sdk`, on a small package written in the shape of @google/genai's
// dist files: declarations (dist/genai.d.ts) and generated converters (dist/index.mjs).
import { describe, expect, test } from "vitest";
import { readConverters } from "../../scripts/lib/sdk/converters.ts";
import { readDeclarations } from "../../scripts/lib/sdk/declarations.ts";
import { buildInventory } from "../../scripts/lib/sdk/inventory.ts";

const declarations = `
export declare interface GenerateContentParameters { model: string; contents: ContentListUnion; config?: GenerateContentConfig; }
export declare type ContentListUnion = Content | Content[] | PartUnion | PartUnion[];
export declare type ContentUnion = Content | PartUnion[] | PartUnion;
export declare type PartUnion = Part | string;
export declare interface Content { parts?: Part[]; role?: string; }
export declare interface Part {
    text?: string;
    secret?: string;
    /** Only some backends have it. This field is not supported in Gemini API. */
    glow?: boolean;
}
export declare interface GenerateContentConfig {
    abortSignal?: AbortSignal;
    temperature?: number;
    systemInstruction?: ContentUnion;
    armor?: Armor;
    level?: Level;
    modalities?: string[];
}
/** The REST shape of the generation settings. */
export declare interface GenerationConfig { modalities?: Modality[]; temperature?: number; seedling?: number; }
export declare enum Level {
    LOW = "LOW",
    /** This enum value is not supported in Gemini API. */
    HUGE = "HUGE"
}
export declare enum Modality { TEXT = "TEXT", VIDEO = "VIDEO" }
export declare interface Armor { template?: string }
export declare class GenerateContentResponse {
    candidates?: Candidate[];
    automaticFunctionCallingHistory?: Content[];
    get text(): string | undefined;
}
export declare interface Candidate { content?: Content; citationMetadata?: CitationMetadata; finishMessage?: string; }
export declare interface CitationMetadata { citations?: Citation[]; }
export declare interface Citation { uri?: string; }
declare namespace Elsewhere { interface Part { unrelated?: string; } }
`;

const converters = `
function generateContentParametersToMldev(apiClient, fromObject, rootObject) {
    const toObject = {};
    const fromModel = getValueByPath(fromObject, ['model']);
    if (fromModel != null) { setValueByPath(toObject, ['_url', 'model'], tModel(apiClient, fromModel)); }
    const fromContents = getValueByPath(fromObject, ['contents']);
    if (fromContents != null) {
        let transformedList = tContents(fromContents);
        if (Array.isArray(transformedList)) { transformedList = transformedList.map((item) => { return contentToMldev(item); }); }
        setValueByPath(toObject, ['contents'], transformedList);
    }
    const fromConfig = getValueByPath(fromObject, ['config']);
    if (fromConfig != null) { setValueByPath(toObject, ['generationConfig'], generateContentConfigToMldev(apiClient, fromConfig, toObject)); }
    return toObject;
}
function generateContentParametersToVertex(apiClient, fromObject, rootObject) {
    const toObject = {};
    const fromConfig = getValueByPath(fromObject, ['config']);
    if (fromConfig != null) { setValueByPath(toObject, ['generationConfig'], generateContentConfigToVertex(apiClient, fromConfig, toObject)); }
    return toObject;
}
function generateContentConfigToMldev(apiClient, fromObject, parentObject, rootObject) {
    const toObject = {};
    const fromSystemInstruction = getValueByPath(fromObject, ['systemInstruction']);
    if (parentObject !== undefined && fromSystemInstruction != null) {
        setValueByPath(parentObject, ['systemInstruction'], contentToMldev(tContent(fromSystemInstruction)));
    }
    const fromTemperature = getValueByPath(fromObject, ['temperature']);
    if (fromTemperature != null) { setValueByPath(toObject, ['temperature'], fromTemperature); }
    if (getValueByPath(fromObject, ['armor']) !== undefined) {
        throw new Error('armor parameter is only supported in Gemini Enterprise Agent Platform mode, not in Gemini Developer API mode.');
    }
    const fromLevel = getValueByPath(fromObject, ['level']);
    if (fromLevel != null) { setValueByPath(toObject, ['thinkingLevel'], fromLevel); }
    const fromModalities = getValueByPath(fromObject, ['modalities']);
    if (fromModalities != null) { setValueByPath(toObject, ['modalities'], fromModalities); }
    return toObject;
}
function generateContentConfigToVertex(apiClient, fromObject, parentObject, rootObject) {
    const toObject = {};
    const fromArmor = getValueByPath(fromObject, ['armor']);
    if (parentObject !== undefined && fromArmor != null) { setValueByPath(parentObject, ['modelArmorConfig'], fromArmor); }
    return toObject;
}
function contentToMldev(fromObject, rootObject) {
    const toObject = {};
    const fromParts = getValueByPath(fromObject, ['parts']);
    if (fromParts != null) {
        let transformedList = fromParts;
        if (Array.isArray(transformedList)) { transformedList = transformedList.map((item) => { return partToMldev(item); }); }
        setValueByPath(toObject, ['parts'], transformedList);
    }
    const fromRole = getValueByPath(fromObject, ['role']);
    if (fromRole != null) { setValueByPath(toObject, ['role'], fromRole); }
    return toObject;
}
function partToMldev(fromObject, rootObject) {
    const toObject = {};
    const fromText = getValueByPath(fromObject, ['text']);
    if (fromText != null) { setValueByPath(toObject, ['text'], fromText); }
    if (getValueByPath(fromObject, ['secret']) !== undefined) {
        throw new Error('secret parameter is only supported in Gemini Enterprise Agent Platform mode, not in Gemini Developer API mode.');
    }
    return toObject;
}
function generateContentResponseFromMldev(fromObject, rootObject) {
    const toObject = {};
    const fromCandidates = getValueByPath(fromObject, ['candidates']);
    if (fromCandidates != null) {
        let transformedList = fromCandidates;
        if (Array.isArray(transformedList)) { transformedList = transformedList.map((item) => { return candidateFromMldev(item); }); }
        setValueByPath(toObject, ['candidates'], transformedList);
    }
    return toObject;
}
function generateContentResponseFromVertex(fromObject, rootObject) {
    const toObject = {};
    const fromCandidates = getValueByPath(fromObject, ['candidates']);
    if (fromCandidates != null) { setValueByPath(toObject, ['candidates'], fromCandidates); }
    return toObject;
}
function candidateFromMldev(fromObject, rootObject) {
    const toObject = {};
    const fromContent = getValueByPath(fromObject, ['content']);
    if (fromContent != null) { setValueByPath(toObject, ['content'], fromContent); }
    const fromCitationMetadata = getValueByPath(fromObject, ['citationMetadata']);
    if (fromCitationMetadata != null) { setValueByPath(toObject, ['citationMetadata'], citationMetadataFromMldev(fromCitationMetadata)); }
    return toObject;
}
function citationMetadataFromMldev(fromObject, rootObject) {
    const toObject = {};
    const fromCitations = getValueByPath(fromObject, ['citationSources']);
    if (fromCitations != null) { setValueByPath(toObject, ['citations'], fromCitations); }
    return toObject;
}
function notAConverter(fromObject) { return fromObject; }
`;

describe("reading @google/genai", () => {
  const inventory = buildInventory(readDeclarations(declarations), readConverters(converters));
  const at = (path: string) => inventory.fields.find((f) => f.path === path);

  test("finds fields under their wire names and REST paths, config fields in the request or its generationConfig", () => {
    expect(at("GenerateContentRequest.contents[]")).toMatchObject({ api: "gemini", owner: "GenerateContentParameters" });
    expect(at("GenerateContentRequest.contents[].parts[].text")).toMatchObject({ api: "gemini", jsonType: "string" });
    expect(at("GenerateContentRequest.systemInstruction")).toMatchObject({ api: "gemini", owner: "GenerateContentConfig" });
    expect(at("GenerateContentRequest.systemInstruction.parts[].text")?.api).toBe("gemini");
    expect(at("GenerateContentRequest.generationConfig.temperature")?.evidence).toMatch(/generateContentConfigToMldev sends it/);
    expect(at("GenerateContentRequest.generationConfig.thinkingLevel")).toMatchObject({ sdkName: "level" });
    expect(at("GenerateContentResponse.candidates[].citationMetadata.citationSources[]")).toMatchObject({ sdkName: "citations" });
    expect(at("GenerateContentResponse.candidates[].citationMetadata.citationSources[].uri")?.api).toBe("gemini");
    expect(at("GenerateContentResponse.candidates[].content.parts[].text")?.api).toBe("gemini");
  });

  test("classifies by the converters first, by doc comments inside objects passed through", () => {
    expect(at("GenerateContentRequest.modelArmorConfig")).toMatchObject({ api: "vertex", sdkName: "armor" });
    expect(at("GenerateContentRequest.modelArmorConfig")?.evidence).toMatch(/throws/);
    expect(at("GenerateContentRequest.modelArmorConfig.template")?.api).toBe("vertex");
    expect(at("GenerateContentRequest.contents[].parts[].secret")?.api).toBe("vertex");
    expect(at("GenerateContentRequest.contents[].parts[].glow")?.api).toBe("vertex"); // dropped by the Gemini converter
    expect(at("GenerateContentResponse.candidates[].content.parts[].glow")?.evidence).toMatch(/doc comment/);
    expect(at("GenerateContentResponse.candidates[].finishMessage")?.api).toBe("vertex"); // only the Vertex reader keeps it
  });

  test("takes enum values with their API, and the REST-shaped type where the config's is looser", () => {
    expect(at("GenerateContentRequest.generationConfig.thinkingLevel")?.enum?.values)
      .toEqual([{ value: "LOW", api: "gemini" }, { value: "HUGE", api: "vertex" }]);
    expect(at("GenerateContentRequest.generationConfig.modalities[]")?.enum?.values.map((v) => v.value)).toEqual(["TEXT", "VIDEO"]);
    expect(at("GenerateContentRequest.generationConfig.seedling")?.evidence).toMatch(/REST-shaped GenerationConfig/);
  });

  test("leaves out what never travels: client options, computed getters, URL parts, other namespaces", () => {
    const paths = inventory.fields.map((f) => f.path);
    expect(inventory.clientOnly).toEqual(expect.arrayContaining([
      { owner: "GenerateContentConfig", sdkName: "abortSignal", side: "request" },
      { owner: "GenerateContentResponse", sdkName: "automaticFunctionCallingHistory", side: "response" },
    ]));
    expect(paths.some((p) => /abortSignal|\.text$|model$|unrelated/.test(p) && !p.endsWith("parts[].text"))).toBe(false);
  });
});

// The shapes of the embedding and token-counting converters: a config merged into the request, a config only
// checked for errors, a list spread over `requests[]`, and a field written both into the URL and the body.
const embedDeclarations = `
export declare interface EmbedParameters { model: string; contents: ContentListUnion; config?: EmbedConfig; }
export declare interface EmbedConfig { abortSignal?: AbortSignal; taskType?: string; autoTruncate?: boolean; }
export declare interface CountParameters { model: string; contents: ContentListUnion; config?: CountConfig; }
export declare interface CountConfig { systemInstruction?: ContentUnion; }
export declare type ContentListUnion = Content | Content[] | PartUnion | PartUnion[];
export declare type ContentUnion = Content | PartUnion[] | PartUnion;
export declare type PartUnion = Part | string;
export declare interface Content { parts?: Part[]; role?: string; }
export declare interface Part { text?: string; }
`;
const embedConverters = `
function embedParametersToMldev(apiClient, fromObject, rootObject) {
    const toObject = {};
    const fromModel = getValueByPath(fromObject, ['model']);
    if (fromModel != null) { setValueByPath(toObject, ['_url', 'model'], tModel(apiClient, fromModel)); }
    const fromContents = getValueByPath(fromObject, ['contents']);
    if (fromContents != null) { setValueByPath(toObject, ['requests[]', 'content'], tContents(fromContents)); }
    const fromConfig = getValueByPath(fromObject, ['config']);
    if (fromConfig != null) { embedConfigToMldev(fromConfig, toObject); }
    const fromModelForEmbed = getValueByPath(fromObject, ['model']);
    if (fromModelForEmbed !== undefined) { setValueByPath(toObject, ['requests[]', 'model'], tModel(apiClient, fromModelForEmbed)); }
    return toObject;
}
function embedConfigToMldev(fromObject, parentObject) {
    const toObject = {};
    const fromTaskType = getValueByPath(fromObject, ['taskType']);
    if (parentObject !== undefined && fromTaskType != null) { setValueByPath(parentObject, ['requests[]', 'taskType'], fromTaskType); }
    if (getValueByPath(fromObject, ['autoTruncate']) !== undefined) { throw new Error('autoTruncate parameter is only supported in Vertex mode.'); }
    return toObject;
}
function countParametersToMldev(apiClient, fromObject, rootObject) {
    const toObject = {};
    const fromContents = getValueByPath(fromObject, ['contents']);
    if (fromContents != null) { setValueByPath(toObject, ['contents'], tContents(fromContents)); }
    const fromConfig = getValueByPath(fromObject, ['config']);
    if (fromConfig != null) { countConfigToMldev(fromConfig); }
    return toObject;
}
function countConfigToMldev(fromObject) {
    const toObject = {};
    if (getValueByPath(fromObject, ['systemInstruction']) !== undefined) { throw new Error('systemInstruction parameter is only supported in Vertex mode.'); }
    return toObject;
}
function countParametersToVertex(apiClient, fromObject, rootObject) {
    const toObject = {};
    const fromConfig = getValueByPath(fromObject, ['config']);
    if (fromConfig != null) { countConfigToVertex(fromConfig, toObject); }
    return toObject;
}
function countConfigToVertex(fromObject, parentObject) {
    const toObject = {};
    const fromSystemInstruction = getValueByPath(fromObject, ['systemInstruction']);
    if (parentObject !== undefined && fromSystemInstruction != null) { setValueByPath(parentObject, ['systemInstruction'], fromSystemInstruction); }
    return toObject;
}
`;

describe("reading the SDK's embedding and token-counting converters", () => {
  const roots = [
    { side: "request", path: "BatchEmbedContentsRequest", type: "EmbedParameters", mldev: "embedParametersToMldev", vertex: "none" },
    { side: "request", path: "CountTokensRequest", type: "CountParameters", mldev: "countParametersToMldev", vertex: "countParametersToVertex" },
  ] as const;
  const inventory = buildInventory(readDeclarations(embedDeclarations), readConverters(embedConverters), roots);
  const at = (path: string) => inventory.fields.find((f) => f.path === path);

  test("a list spread over requests[] gives one item to each request; the body's model counts, not the URL's", () => {
    expect(at("BatchEmbedContentsRequest.requests[].content")).toMatchObject({ api: "gemini", sdkName: "contents" });
    expect(at("BatchEmbedContentsRequest.requests[].content.parts[].text")?.api).toBe("gemini");
    expect(at("BatchEmbedContentsRequest.requests[].model")).toMatchObject({ api: "gemini" });
  });

  test("a config handed the request writes its fields into it; the ones it throws for are Vertex-only", () => {
    expect(at("BatchEmbedContentsRequest.requests[].taskType")).toMatchObject({ api: "gemini", owner: "EmbedConfig" });
    expect(at("BatchEmbedContentsRequest.autoTruncate")?.api).toBe("vertex");
    expect(inventory.fields.some((f) => f.path.endsWith(".config"))).toBe(false);
  });

  test("a config only checked for errors on the Gemini API is classified by those checks", () => {
    expect(at("CountTokensRequest.systemInstruction")).toMatchObject({ api: "vertex" });
    expect(at("CountTokensRequest.systemInstruction")?.evidence).toMatch(/countConfigToMldev throws/);
    expect(at("CountTokensRequest.systemInstruction.parts[]")?.api).toBe("vertex");
    expect(at("CountTokensRequest.contents[]")?.api).toBe("gemini");
  });
});
