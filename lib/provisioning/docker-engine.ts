import "server-only";
import crypto from "node:crypto";
import http from "node:http";
import { checkDestination } from "@/lib/net/policy";

// The container engine behind the docker backend, spoken to over its HTTP API (DOCKER_HOST:
// tcp://host:port, checked by the outbound policy, or unix:///path/to/docker.sock). One container
// per RStudio or Jupyter sandbox, its port published on the engine's host.

const API = "/v1.41";
const TIMEOUT_MS = 60_000;

export const DOCKER_IMAGES: Record<string, { image: string; port: number; user: string; env: (password: string) => string[] }> = {
  rstudio: { image: process.env.PROVISIONING_DOCKER_RSTUDIO_IMAGE || "rocker/rstudio:latest", port: 8787, user: "rstudio", env: (p) => [`PASSWORD=${p}`] },
  jupyter: { image: process.env.PROVISIONING_DOCKER_JUPYTER_IMAGE || "jupyter/base-notebook:latest", port: 8888, user: "", env: (p) => [`JUPYTER_TOKEN=${p}`] },
};

export class DockerEngineError extends Error {}

type Target = { socketPath: string } | { host: string; port: number; name: string };

async function targetOf(dockerHost: string): Promise<Target> {
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return { socketPath: url.pathname };
  if (url.protocol !== "tcp:" && url.protocol !== "http:") throw new DockerEngineError(`DOCKER_HOST ${url.protocol}// is not supported here: use tcp://host:port or unix:///path/to/docker.sock`);
  const port = Number(url.port) || 2375;
  const checked = await checkDestination(url.hostname, port, "server");
  return { host: checked.address, port, name: url.hostname };
}

async function call<T>(dockerHost: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const target = await targetOf(dockerHost);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { ...("socketPath" in target ? { socketPath: target.socketPath } : { host: target.host, port: target.port }), method, path: `${API}${path}`, timeout: TIMEOUT_MS, headers: { host: "docker", ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text = text.length < 1_000_000 ? text + c : text));
        res.on("end", () => {
          let json: unknown = {};
          try {
            json = text ? JSON.parse(text) : {};
          } catch {
            // an engine error page: the status says enough
          }
          resolve({ status: res.statusCode ?? 0, json: json as T });
        });
      },
    );
    req.on("timeout", () => req.destroy(new DockerEngineError("The container engine did not answer in time")));
    req.on("error", (e) => reject(e instanceof DockerEngineError ? e : new DockerEngineError(`The container engine at DOCKER_HOST could not be reached (${(e as NodeJS.ErrnoException).code ?? "error"})`)));
    if (payload) req.write(payload);
    req.end();
  });
}

const engineMessage = (what: string, status: number, json: unknown) => new DockerEngineError(`The container engine refused to ${what} (HTTP ${status}${typeof (json as { message?: unknown })?.message === "string" ? `: ${(json as { message: string }).message.slice(0, 200)}` : ""})`);

/** The host clients reach published ports on: DOCKER_HOST's host, or this machine for a socket. */
export function publishedHost(dockerHost: string): string {
  const url = new URL(dockerHost);
  return url.protocol === "unix:" ? "127.0.0.1" : url.hostname;
}

export const containerName = (type: string) => `sy_${type.slice(0, 4)}_${crypto.randomBytes(5).toString("hex")}`;

/** Starts a sandbox container under `name`; returns the published port. */
export async function startContainer(dockerHost: string, name: string, type: string, password: string): Promise<number> {
  const spec = DOCKER_IMAGES[type];
  const created = await call<{ Id?: string }>(dockerHost, "POST", `/containers/create?name=${name}`, {
    Image: spec.image,
    Env: spec.env(password),
    ExposedPorts: { [`${spec.port}/tcp`]: {} },
    Labels: { "switchyard.provisioning": type },
    HostConfig: { PortBindings: { [`${spec.port}/tcp`]: [{ HostPort: "" }] } },
  });
  if (created.status !== 201) throw engineMessage(`create the ${spec.image} container`, created.status, created.json);
  try {
    const started = await call(dockerHost, "POST", `/containers/${name}/start`);
    if (started.status !== 204 && started.status !== 304) throw engineMessage("start the container", started.status, started.json);
    const inspected = await call<{ NetworkSettings?: { Ports?: Record<string, { HostPort: string }[] | null> } }>(dockerHost, "GET", `/containers/${name}/json`);
    const port = Number(inspected.json.NetworkSettings?.Ports?.[`${spec.port}/tcp`]?.[0]?.HostPort);
    if (!port) throw new DockerEngineError("The container started without a published port");
    return port;
  } catch (e) {
    await removeContainer(dockerHost, name).catch(() => {});
    throw e;
  }
}

/** Stops and removes a sandbox container; a container already gone is fine. */
export async function removeContainer(dockerHost: string, name: string): Promise<void> {
  const res = await call(dockerHost, "DELETE", `/containers/${encodeURIComponent(name)}?force=true&v=true`);
  if (res.status !== 204 && res.status !== 404) throw engineMessage("remove the container", res.status, res.json);
}
