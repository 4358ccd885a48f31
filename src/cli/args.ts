// What every command shares: strict option parsing that turns a mistake into one line and exit status 2
// (never a stack trace), `--help`, and checks of numeric options.

export const TOOL = "gemini-native-openapi";

/** A mistake in how the tool was called: printed as one line, exit status 2. */
export class UsageError extends Error {}

export interface Command {
  name: string;
  /** one line, for the tool's own --help */
  summary: string;
  /** the command's --help text */
  help: string;
  /** runs the command; resolves with the exit status (a server keeps the process alive after resolving) */
  run(argv: string[]): Promise<number>;
}

/** The -h/--help option every command takes. */
export const HELP = { type: "boolean", short: "h" } as const;

/** Runs a `parseArgs` call; anything unknown or malformed becomes a UsageError with Node's first sentence. */
export function parse<T>(parseArgsCall: () => T): T {
  try {
    return parseArgsCall();
  } catch (error) {
    // Node's messages go on with advice about `--`; the first sentence is the useful part.
    throw new UsageError(String((error as Error).message).split(/\.\s/)[0].replace(/\.$/, ""));
  }
}

/** `--name N`: a whole number from 0 to `max` (`what` names it in the error). */
export function wholeNumber(name: string, text: string | undefined, max: number, what = "a whole number"): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`--${name} must be ${what} from 0 to ${max}, not "${text}"`);
  return Number(text);
}

export const port = (name: string, text: string | undefined) => wholeNumber(name, text, 65535, "a port number");

export function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`--${name} must be a whole number from 1, not "${text}"`);
  return Number(text);
}

export function oneOf(name: string, value: string | undefined, known: string[]): string | undefined {
  if (value !== undefined && !known.includes(value)) throw new UsageError(`unknown ${name} "${value}"; known: ${known.join(", ")}`);
  return value;
}
