// Shared by the browser form and the server: kept free of server-only imports.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

export const PASSWORD_MIN_LENGTH_VALUE = 10;

// zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline slow-hash scenario".
export const PASSWORD_MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function strength() {
  // Built on first use: the dictionaries take a moment to load.
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: true });
  return factory;
}

// zxcvbn-ts reports keys; these are our words for them (no language pack is installed).
const WARNINGS: Record<string, string> = {
  straightRow: "it is a straight row of keys",
  keyPattern: "it is a short keyboard pattern",
  simpleRepeat: 'it repeats characters, like "aaa"',
  extendedRepeat: 'it repeats a pattern, like "abcabc"',
  sequences: 'it contains a sequence, like "abc" or "123"',
  recentYears: "it contains a recent year",
  dates: "it contains a date",
  topTen: "it is one of the ten most used passwords",
  topHundred: "it is one of the hundred most used passwords",
  common: "it is a commonly used password",
  similarToCommon: "it is close to a commonly used password",
  wordByItself: "it is mostly a single word",
  namesByThemselves: "it is mostly a name",
  commonNames: "it contains a common name",
  userInputs: "it contains your email or name",
  pwned: "it appears in leaked password lists",
};

// zxcvbn slows down with length and long random passwords are strong anyway: check a prefix.
const CHECKED_LENGTH = 100;

/**
 * Why this password is too easy to guess, or null when it is strong enough. Offline: common
 * passwords, dictionary words, keyboard walks, repeats, sequences, dates, and the user's own
 * email or name (userInputs) all count against it.
 */
export function passwordWeakness(password: string, userInputs: (string | null | undefined)[] = []): string | null {
  if (password.length < PASSWORD_MIN_LENGTH_VALUE) return null; // the length rule reports this one
  // Emails and names are short; a longer value (refused by its own rule) is cut so it costs nothing here.
  const inputs = userInputs.flatMap((v) => (v ? [v, ...v.split(/[@.\s_+-]+/).filter((p) => p.length >= 3)] : [])).map((v) => v.slice(0, 256));
  const result = strength().check(password.slice(0, CHECKED_LENGTH), inputs);
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  const why = (result.feedback.warning && WARNINGS[result.feedback.warning]) || "it follows a common pattern";
  return `Too easy to guess: ${why}. Use a longer passphrase of unrelated words, or a generated password.`;
}
