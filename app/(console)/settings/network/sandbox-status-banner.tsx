import { AlertIcon, CheckCircleIcon } from "@/components/ui/icons";
import type { SandboxStatus } from "@/lib/runners/sandbox/status";

const code = "rounded bg-black/5 px-1 font-mono text-[12px] dark:bg-white/10";

/**
 * Whether fetch scripts run sandboxed, on the Settings pages an admin sees first. A server component:
 * the page passes sandboxStatus(), probed once per server process.
 */
export function SandboxStatusBanner({ status }: { status: Pick<SandboxStatus, "mode" | "tool" | "reason" | "unsafeRequested"> }) {
  if (status.unsafeRequested) {
    return (
      <div
        role="alert"
        data-testid="sandbox-status"
        data-mode={status.mode}
        className="mb-6 flex gap-3 rounded-lg border border-red-300 bg-red-600 p-4 text-sm text-white shadow-sm dark:border-red-800 dark:bg-red-700"
      >
        <AlertIcon className="mt-0.5 size-5 shrink-0" />
        {status.mode === "unsafe" ? (
          <div className="space-y-1">
            <p className="font-semibold">
              Scripts run without a sandbox: <code className={code}>SWITCHYARD_UNSAFE_SCRIPTS=1</code> is set.
            </p>
            <p>
              Any editor&apos;s fetch script or dependency can read this server&apos;s files, secrets and network as the server&apos;s own user. No
              sandbox because: {status.reason}
            </p>
          </div>
        ) : (
          <div className="space-y-1">
            <p className="font-semibold">
              <code className={code}>SWITCHYARD_UNSAFE_SCRIPTS=1</code> is set.
            </p>
            <p>
              {status.mode === "bubblewrap"
                ? `bubblewrap works here${status.tool ? ` (${status.tool})` : ""}, so scripts still run in its sandbox. Remove the variable so they can never run without one.`
                : `Scripts cannot run: ${status.reason}`}
            </p>
          </div>
        )}
      </div>
    );
  }
  if (status.mode === "unavailable") {
    return (
      <div
        role="alert"
        data-testid="sandbox-status"
        data-mode={status.mode}
        className="mb-6 flex gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
      >
        <AlertIcon className="mt-0.5 size-5 shrink-0 text-amber-600 dark:text-amber-400" />
        <div className="space-y-1">
          <p className="font-semibold">Scripts cannot run: {status.reason}</p>
          <p>
            Test and load runs fail until the sandbox works on this server. Setting <code className={code}>SWITCHYARD_UNSAFE_SCRIPTS=1</code> runs
            them without one, which lets any editor read this server&apos;s files and secrets.
          </p>
        </div>
      </div>
    );
  }
  return (
    <p
      data-testid="sandbox-status"
      data-mode={status.mode}
      className="mb-6 flex items-center gap-2 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm text-zinc-600 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
    >
      <CheckCircleIcon className="size-4 shrink-0 text-emerald-600 dark:text-emerald-400" />
      <span>
        Scripts run in a bubblewrap sandbox{status.tool ? ` (${status.tool})` : ""}: an unprivileged user with no capabilities, their own mount, PID and
        network namespaces, and the network only through the outbound rules of Settings → Network.
      </span>
    </p>
  );
}
