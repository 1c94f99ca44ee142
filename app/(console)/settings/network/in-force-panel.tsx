import type { NetworkSettings } from "@/lib/settings/network-schemas";

/** What is in force besides the saved rules: the environment's rules and what is always refused. Read-only. */
export function InForcePanel({ settings }: { settings: NetworkSettings }) {
  const { environment, alwaysRefused } = settings;
  return (
    <section
      aria-labelledby="network-in-force"
      data-testid="network-in-force"
      className="space-y-5 rounded-lg border border-zinc-200 bg-white p-5 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div>
        <h3 id="network-in-force" className="font-semibold">
          Also in force
        </h3>
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">Set outside this page; change them where they come from.</p>
      </div>
      <EnvironmentList variable="SWITCHYARD_NET_ALLOW" title="Allowed by the environment" rules={environment.allow} />
      <EnvironmentList variable="SWITCHYARD_NET_DENY" title="Denied by the environment" rules={environment.deny} />
      <div>
        <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Always refused</h4>
        <ul aria-label="Always refused" className="mt-2 space-y-2">
          {alwaysRefused.map((r) => (
            <li key={r.what}>
              <p className="text-zinc-800 dark:text-zinc-200">{r.what}</p>
              <p className="text-xs text-zinc-500 dark:text-zinc-400">{r.why}</p>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function EnvironmentList({ variable, title, rules }: { variable: string; title: string; rules: NetworkSettings["environment"]["allow"] }) {
  return (
    <div>
      <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</h4>
      <p className="mt-0.5 font-mono text-[12px] text-zinc-500 dark:text-zinc-400">{variable}</p>
      {rules.length ? (
        <ul aria-label={title} className="mt-2 space-y-1">
          {rules.map((r) => (
            <li key={r.rule}>
              <code className="font-mono text-[13px] text-zinc-800 dark:text-zinc-200">{r.rule}</code>
              {r.problem ? <span className="block text-xs text-amber-700 dark:text-amber-400">Ignored: {r.problem}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-zinc-500 dark:text-zinc-400">None set.</p>
      )}
    </div>
  );
}
