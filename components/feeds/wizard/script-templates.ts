import type { FeedOut } from "@/lib/feeds/schemas";

export type AuthType = "none" | "basic" | "custom" | "bearer" | "apiKey" | "oauth2" | "sessionToken";
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

/** The token types' lines: ready headers and query parameters, read for each request. */
const tokenLines = (what: string, example: string) => [
  `The connection uses ${what}.`,
  "connection.headers (and connection.params for a key or token sent in the query) are ready:",
  "read them for each request (OAuth 2.0 tokens are renewed during long runs), e.g.",
  example,
];

const PY_READY = 'requests.get("https://api.example.com/items", headers=connection.headers, params=connection.params)';
const JS_READY = 'await fetch(`https://api.example.com/items?${new URLSearchParams(connection.params)}`, { headers: connection.headers })';

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
    bearer: tokenLines("a Bearer token", PY_READY),
    apiKey: tokenLines("an API key", PY_READY),
    oauth2: tokenLines("OAuth 2.0", PY_READY),
    sessionToken: tokenLines("a session token", PY_READY),
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
    bearer: tokenLines("a Bearer token", JS_READY),
    apiKey: tokenLines("an API key", JS_READY),
    oauth2: tokenLines("OAuth 2.0", JS_READY),
    sessionToken: tokenLines("a session token", JS_READY),
  },
};

export function scriptTemplate(language: Language, authType: AuthType = "none"): string {
  const names = authType === "none" ? "outputStream, metadata" : "outputStream, metadata, connection";
  const mark = language === "python" ? "###" : "///";
  const lines = [...PEAK_COMMENTS, ...(authType === "none" ? [] : CONNECTION_COMMENTS[language][authType])].map((l) => `${mark} ${l}`);
  const head = language === "python" ? `import requests\nfrom lib import ${names}` : `import { ${names} } from "lib";`;
  return `${head}\n\n${lines.join("\n")}\n\n`;
}
