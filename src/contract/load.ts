// Loads a folder of cassettes given by a user (for --cassettes and the replay server): each file must be a
// cassette, or an exchange in the corpus format (./corpus-record.ts), which is converted. Anything else is
// refused with the reason, instead of failing later in an obscure way.
import { Ajv2020 } from "ajv/dist/2020.js";
import { type Cassette, cassetteSchema, readCassettes } from "./cassette.ts";
import { describeErrors } from "./conformance.ts";
import { fromCorpus, looksLikeCorpusRecord } from "./corpus-record.ts";

const isCassette = new Ajv2020({ strict: false, allErrors: true }).compile(cassetteSchema);

export function loadCassettes(dir: string, provider: string): { cassettes: Array<{ file: string; cassette: Cassette }>; refused: string[] } {
  const cassettes: Array<{ file: string; cassette: Cassette }> = [];
  const refused: string[] = [];
  let raw: Array<{ file: string; cassette: unknown }>;
  try {
    raw = readCassettes(dir);
  } catch (error) {
    return { cassettes, refused: [`${dir}: ${(error as Error).message}`] };
  }
  for (const { file, cassette } of raw) {
    if (isCassette(cassette)) cassettes.push({ file, cassette: cassette as Cassette });
    else if (looksLikeCorpusRecord(cassette)) cassettes.push({ file, cassette: fromCorpus(provider, file, cassette as any, "recorded") });
    else refused.push(`${file} is neither a cassette nor a corpus record: ${describeErrors(isCassette.errors)}`);
  }
  return { cassettes, refused };
}
