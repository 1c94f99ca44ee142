"use client";

import type { ReactNode } from "react";
import { describeDuration, describeLimits, LOAD_RUN_LIMITS, TEST_PREVIEW_RECORDS, TEST_RUN_LIMITS } from "@/lib/runners/limits";
import type { AuthType } from "./script-templates";

type Language = "python" | "javascript";

// The script's API as lib/runners/harness (lib.py, node_lib/index.mjs) exposes it. Loaded when the
// panel is first opened, so the Import step's page stays within its JavaScript budget.

const C = ({ children }: { children: ReactNode }) => <code className="rounded bg-zinc-100 px-1 font-mono text-[0.8rem] dark:bg-zinc-800">{children}</code>;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h4 className="text-sm font-semibold text-zinc-800 dark:text-zinc-200">{title}</h4>
      <div className="space-y-1.5 text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
    </section>
  );
}

function Rows({ rows }: { rows: [ReactNode, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
      {rows.map(([k, v], i) => (
        <div key={i} className="contents">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const CONNECTION_ROWS: Record<AuthType, (py: boolean) => [ReactNode, ReactNode][]> = {
  none: () => [[<C key="t">connection.type</C>, <C key="v">&quot;none&quot;</C>]],
  basic: () => [
    [<C key="t">connection.type</C>, <C key="v">&quot;basic&quot;</C>],
    [<C key="u">connection.username</C>, "the connection's user name"],
    [<C key="p">connection.password</C>, "its password (masked wherever it would appear in the log)"],
    [<C key="h">connection.headers</C>, <>a ready header: <C>{`{"Authorization": "Basic …"}`}</C></>],
  ],
  custom: (py) => [
    [<C key="t">connection.type</C>, <C key="v">&quot;custom&quot;</C>],
    [<C key="s">connection.auth.status</C>, "the HTTP status of the authorization request's answer"],
    [<C key="h">connection.auth.headers</C>, "its response headers, names in lower case"],
    [<C key="b">connection.auth.body</C>, "its body as text"],
    [<C key="j">connection.auth.json</C>, <>its body parsed as JSON, e.g. {py ? <C>connection.auth.json[&quot;access_token&quot;]</C> : <C>connection.auth.json.access_token</C>}</>],
  ],
  bearer: () => tokenRows("bearer", <C>{`{"Authorization": "Bearer …"}`}</C>),
  apiKey: () => tokenRows("apiKey", "the key as a header, or in connection.params when it goes in the query"),
  oauth2: () => [...tokenRows("oauth2", <C>{`{"Authorization": "Bearer <access token>"}`}</C>), [<C key="e">connection.expiresAt</C>, "when the access token expires (ISO text); it is renewed during the run"]],
  sessionToken: () => [...tokenRows("sessionToken", "the token from the login answer, as a header or in connection.params"), [<C key="a">connection.auth</C>, "the login's answer: .status, .headers, .body, .json"]],
};

function tokenRows(type: string, headers: ReactNode): [ReactNode, ReactNode][] {
  return [
    [<C key="t">connection.type</C>, <C key="v">&quot;{type}&quot;</C>],
    [<C key="h">connection.headers</C>, <>ready headers: {headers}. Read them for each request: they are renewed when a token expires.</>],
    [<C key="p">connection.params</C>, "ready query parameters (an API key or session token sent in the query), else empty"],
  ];
}

const AUTH_NAMES: Record<AuthType, string> = { none: "No Auth", basic: "Basic Auth", custom: "Custom Auth", bearer: "Bearer Token", apiKey: "API Key", oauth2: "OAuth 2.0", sessionToken: "Session Token" };

export function ScriptApiReference({ language, authType }: { language: Language; authType: AuthType }) {
  const py = language === "python";
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {py ? <C>from lib import outputStream, metadata, connection</C> : <C>{'import { outputStream, metadata, connection } from "lib";'}</C>}
      </p>
      <Section title="outputStream">
        <Rows
          rows={[
            [<C key="w">outputStream.write(record)</C>, <>one record per call: {py ? "a dict" : "a plain object"}; its keys become the table's columns</>],
            [<C key="f">outputStream.flush()</C>, "sends the records written so far (they go out in blocks; rarely needed)"],
          ]}
        />
        <p>{py ? "Dates, decimals, UUIDs and other values JSON has no type for are stored as their text; NaN and Infinity as null." : "Values go through JSON.stringify: Dates become ISO text, undefined keys are left out."}</p>
      </Section>
      <Section title="metadata">
        <p>The feed&apos;s state: what the last successful load run saved, {"{}"} at first. Test runs start from it and never change it.</p>
        <Rows
          rows={[
            [<C key="g">metadata.get(&quot;next_id&quot;, 1)</C>, "a key's value, or the fallback when it is missing"],
            [<C key="k">{py ? 'metadata["next_id"]' : "metadata.next_id"}</C>, py ? "a dict: keys, in, items() work as usual" : "the keys are plain properties"],
            [<C key="s">metadata.save(obj)</C>, <>replaces the state with {py ? "a dict" : "an object"}; a load run commits it with its records, in one transaction</>],
          ]}
        />
      </Section>
      <Section title={`connection (this feed: ${AUTH_NAMES[authType]})`}>
        <Rows rows={CONNECTION_ROWS[authType](py)} />
        {py ? <p>Keys or attributes: <C>connection.username</C> is <C>connection[&quot;username&quot;]</C>.</p> : <p>A frozen object.</p>}
        <details>
          <summary className="cursor-pointer">The other auth types</summary>
          <div className="mt-2 space-y-2">
            {(Object.keys(CONNECTION_ROWS) as AuthType[])
              .filter((t) => t !== authType)
              .map((t) => (
                <div key={t}>
                  <p className="font-medium">{AUTH_NAMES[t]}</p>
                  <Rows rows={CONNECTION_ROWS[t](py)} />
                </div>
              ))}
          </div>
        </details>
      </Section>
      <Section title="Logs">
        <p>
          {py ? <C>print()</C> : <C>console.log()</C>} lines go to the run log; an uncaught error fails the run with its message. {py ? "requests and urllib" : "fetch()"} reach the network through the run&apos;s egress proxy.
        </p>
      </Section>
      <Section title="Limits">
        <Rows
          rows={[
            [
              "Test run",
              <>
                ends, and passes, once {TEST_PREVIEW_RECORDS} records are written; at most {describeLimits(TEST_RUN_LIMITS)}, {TEST_RUN_LIMITS.maxProcs} processes; writes nothing
              </>,
            ],
            ["Load run", <>at most {describeLimits(LOAD_RUN_LIMITS)}, {LOAD_RUN_LIMITS.maxProcs} processes, {LOAD_RUN_LIMITS.tmpMb} MB of /tmp</>],
          ]}
        />
        <p>A run that passes a limit is stopped and fails with the limit&apos;s name (a test after {describeDuration(TEST_RUN_LIMITS.wallMs)}).</p>
      </Section>
    </div>
  );
}
