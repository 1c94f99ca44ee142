import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./server";

// A real OpenSSH server on a loopback port, for SSH-tunnel tests. It needs Debian's openssh-server
// (.ci/run installs it) and root, to give the tunnel user a password.

export const SSH_USER = "sy_tunnel";

export type TestSshd = { port: number; user: string; password: string; privateKey: string; passphrase: string; stop: () => void };

export async function startSshd(): Promise<TestSshd> {
  if (!fs.existsSync("/usr/sbin/sshd")) throw new Error("SSH tunnel tests need OpenSSH's server: apt-get install openssh-server (.ci/run does this)");
  if (process.getuid?.() !== 0) throw new Error("SSH tunnel tests need root, to create the tunnel user and give it a password");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-sshd-"));
  const password = `tunnel-${crypto.randomBytes(8).toString("hex")}`;
  const passphrase = `key-${crypto.randomBytes(6).toString("hex")}`;
  try {
    execFileSync("id", [SSH_USER], { stdio: "ignore" });
  } catch {
    execFileSync("useradd", ["-M", "-s", "/bin/sh", SSH_USER]);
  }
  execFileSync("chpasswd", { input: `${SSH_USER}:${password}\n` });
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "host_key")]);
  execFileSync("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", passphrase, "-f", path.join(dir, "client_key")]);
  fs.copyFileSync(path.join(dir, "client_key.pub"), path.join(dir, "authorized_keys"));
  // sshd reads authorized_keys as the tunnel user: the folder must let it in (the keys stay 0600).
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, "authorized_keys"), 0o644);
  fs.mkdirSync("/run/sshd", { recursive: true });
  const port = await freePort();
  const config = path.join(dir, "sshd_config");
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${path.join(dir, "host_key")}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      "PasswordAuthentication yes",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "AllowTcpForwarding yes",
      "PermitRootLogin no",
      `AllowUsers ${SSH_USER}`,
      "LogLevel ERROR",
      "",
    ].join("\n"),
  );
  const child = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += c));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (open) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sshd did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    user: SSH_USER,
    password,
    privateKey: fs.readFileSync(path.join(dir, "client_key"), "utf8"),
    passphrase,
    stop: () => {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
