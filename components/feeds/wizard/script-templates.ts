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
    bearer: [
      "The connection uses a Bearer token.",
      "connection.headers (and connection.params for a key or token sent in the query) are ready:",
      "read them for each request (OAuth 2.0 tokens are renewed during long runs), e.g.",
      'requests.get("https://api.example.com/items", headers=connection.headers, params=connection.params)',
    ],
    apiKey: [
      "The connection uses an API key.",
      "connection.headers (and connection.params for a key or token sent in the query) are ready:",
      "read them for each request (OAuth 2.0 tokens are renewed during long runs), e.g.",
      'requests.get("https://api.example.com/items", headers=connection.headers, params=connection.params)',
    ],
    oauth2: [
      "The connection uses OAuth 2.0.",
      "connection.headers (and connection.params for a key or token sent in the query) are ready:",
      "read them for each request (OAuth 2.0 tokens are renewed during long runs), e.g.",
      'requests.get("https://api.example.com/items", headers=connection.headers, params=connection.params)',
    ],
    sessionToken: [
      "The connection uses a session token.",
      "connection.headers (and connection.params for a key or token sent in the query) are ready:",
      "read them for each request (OAuth 2.0 tokens are renewed during long runs), e.g.",
      'requests.get("https://api.example.com/items", headers=connection.headers, params=connection.params)',
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
    bearer: [
      "The connection uses a Bearer token.",
      "connection.headers (and connection.params for a key or token sent in the query) are ready:",
      "read them for each request (OAuth 2.0 tokens are renewed during long runs), e.g.",
      "await fetch(`https://api.example.com/items?${new URLSearchParams(connection.params)}`, { headers: connection.headers })",
    ],
    apiKey: [
      "The connection uses an API key.",
      "connection.headers (and connection.params for a key or token sent in the query) are ready:",
      "read them for each request (OAuth 2.0 tokens are renewed during long runs), e.g.",
      "await fetch(`https://api.example.com/items?${new URLSearchParams(connection.params)}`, { headers: connection.headers })",
    ],
    oauth2: [
      "The connection uses OAuth 2.0.",
      "connection.headers (and connection.params for a key or token sent in the query) are ready:",
      "read them for each request (OAuth 2.0 tokens are renewed during long runs), e.g.",
      "await fetch(`https://api.example.com/items?${new URLSearchParams(connection.params)}`, { headers: connection.headers })",
    ],
    sessionToken: [
      "The connection uses a session token.",
      "connection.headers (and connection.params for a key or token sent in the query) are ready:",
      "read them for each request (OAuth 2.0 tokens are renewed during long runs), e.g.",
      "await fetch(`https://api.example.com/items?${new URLSearchParams(connection.params)}`, { headers: connection.headers })",
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
