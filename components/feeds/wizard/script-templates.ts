import type { FeedOut } from "@/lib/feeds/schemas";

export type AuthType = "none" | "basic" | "custom";
export type ScriptTemplates = Record<"python" | "javascript", string>;
type Language = FeedOut["language"];

// Rendered on the server (the Import step's page passes them down).
// Peak's template for a new fetch script: the imports and the ### comment block, then your logic.
// The connection's lines say what `connection` holds for the chosen connection's auth type.
const PEAK_COMMENTS = [
  "Write your fetch logic below.",
  "The feed run details can be saved in the metadata object as follows:",
  "metadata.save(object)",
  "This variable can be utilised during API calls in order to fetch data incrementally.",
  "metadata will be an empty object {} initially.",
  "The outputStream variable can be used as follows:",
  "outputStream.write(obj)",
];

const CONNECTION_COMMENTS: Record<Language, Record<Exclude<AuthType, "none">, string[]>> = {
  python: {
    basic: [
      "The connection uses Basic Auth: connection.username, connection.password, and",
      "connection.headers with its ready Authorization header, e.g.",
      'requests.get("https://api.example.com/items", headers=connection.headers)',
    ],
    custom: [
      "The connection uses Custom Auth: its authorization request was made before this script",
      "started; connection.auth is the response: .status, .headers, .body (text), .json, e.g.",
      'token = connection.auth.json["access_token"]',
    ],
  },
  javascript: {
    basic: [
      "The connection uses Basic Auth: connection.username, connection.password, and",
      "connection.headers with its ready Authorization header, e.g.",
      'await fetch("https://api.example.com/items", { headers: connection.headers })',
    ],
    custom: [
      "The connection uses Custom Auth: its authorization request was made before this script",
      "started; connection.auth is the response: .status, .headers, .body (text), .json, e.g.",
      "const token = connection.auth.json.access_token;",
    ],
  },
};

export function scriptTemplate(language: Language, authType: AuthType = "none"): string {
  const names = authType === "none" ? "outputStream, metadata" : "outputStream, metadata, connection";
  const mark = language === "python" ? "###" : "///";
  const lines = [...PEAK_COMMENTS, ...(authType === "none" ? [] : CONNECTION_COMMENTS[language][authType])].map((l) => `${mark} ${l}`);
  const head = language === "python" ? `import requests\nfrom lib import ${names}` : `import { ${names} } from "lib";`;
  return `${head}\n\n${lines.join("\n")}\n\n`;
}
