"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type UseFormRegisterReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { controlClasses } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import type { NetworkRules, NetworkSettings } from "@/lib/settings/network-schemas";
import { useNetworkSettings, useUpdateNetworkSettings } from "@/lib/settings/queries";
import {
  nestedErrors,
  networkRulesFormDefaults,
  networkRulesFormSchema,
  RULE_LISTS,
  ruleListMessage,
  type NetworkRulesFormValues,
} from "./network-form-values";

const SYNTAX: [string, string][] = [
  ["10.0.0.0/8", "a CIDR range (IPv4 or IPv6, every port)"],
  ["192.168.1.5", "one address, every port"],
  ["db.internal", "a host name, every port (matched against the name asked for)"],
  ["db.internal:5432", "a host or address with one port ([fd00::1]:443 for IPv6)"],
  ["*.corp.example", "every name under a domain, not the domain itself"],
];

export function NetworkRulesForm({ initial }: { initial: NetworkSettings }) {
  const { data } = useNetworkSettings(initial);
  const update = useUpdateNetworkSettings();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    getValues,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<NetworkRulesFormValues, unknown, NetworkRules>({
    resolver: zodResolver(networkRulesFormSchema),
    defaultValues: networkRulesFormDefaults(data ?? initial),
  });

  const onSubmit = handleSubmit(async (values) => {
    try {
      const saved = await update.mutateAsync(values);
      reset(networkRulesFormDefaults(saved));
      toast.success("Network rules saved");
    } catch (error) {
      // 422 names each bad rule by its index ("allow.2"): they go back onto their list, by line.
      if (!(error instanceof ApiClientError) || !applyRuleErrors(error)) toast.error(errorMessage(error));
    }
  });

  const applyRuleErrors = (error: ApiClientError): boolean => {
    let applied = false;
    for (const list of RULE_LISTS) {
      const entries = Object.entries(error.fields)
        .filter(([key]) => key === list || key.startsWith(`${list}.`))
        .map(([key, message]) => [key.slice(list.length + 1), message] as [string, string]);
      const message = ruleListMessage(getValues(list), entries);
      if (message) {
        setError(list, { type: "server", message }, { shouldFocus: !applied });
        applied = true;
      }
    }
    return applied;
  };

  const listError = (list: (typeof RULE_LISTS)[number]) => ruleListMessage(getValues(list), nestedErrors(errors[list]));

  return (
    <form onSubmit={onSubmit} noValidate className="rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="space-y-6 p-6">
        <div className="rounded-md bg-zinc-50 px-4 py-3 text-sm text-zinc-600 dark:bg-zinc-800/50 dark:text-zinc-400">
          <p className="font-medium text-zinc-800 dark:text-zinc-200">One rule per line. A rule is:</p>
          <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            {SYNTAX.map(([example, meaning]) => (
              <div key={example} className="contents">
                <dt>
                  <code className="font-mono text-[13px] text-zinc-800 dark:text-zinc-200">{example}</code>
                </dt>
                <dd>{meaning}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-2">Deny rules win over allow rules; neither can open what is always refused.</p>
        </div>

        <div className="grid gap-4 md:grid-cols-2">
          <Field
            label="Allowed destinations"
            error={listError("allow")}
            description="Reachable even where the switches below refuse loopback and private ranges, e.g. one internal host."
          >
            {(control) => <RuleTextarea control={control} placeholder={"10.20.0.0/16\ndb.internal:5432"} registration={register("allow")} />}
          </Field>
          <Field label="Denied destinations" error={listError("deny")} description="Refused for the server and for scripts, whatever else allows them.">
            {(control) => <RuleTextarea control={control} placeholder={"10.99.0.0/16\npayroll.internal"} registration={register("deny")} />}
          </Field>
        </div>

        <fieldset className="space-y-3">
          <legend className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">Loopback and private ranges</legend>
          <Switch
            label="Scripts may reach loopback and private ranges"
            description="Off by default: a fetch script (and pip) may not reach 127.0.0.0/8, ::1, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 or fc00::/7, where this server's neighbours live. Allow single hosts above instead."
            registration={register("scriptsMayReachPrivate")}
          />
          <Switch
            label="Server-side connections may reach loopback and private ranges"
            description="On by default: database connections, SSH tunnels, Custom Auth requests, connection tests and watchers may reach internal hosts, as teams keep their databases there."
            registration={register("serverMayReachPrivate")}
          />
        </fieldset>
      </div>
      <div className="flex items-center justify-end gap-3 rounded-b-lg border-t border-zinc-200 bg-zinc-50 px-6 py-3 dark:border-zinc-800 dark:bg-zinc-900/60">
        <p aria-live="polite" className="text-sm text-zinc-500 dark:text-zinc-400">
          {isDirty ? "Unsaved changes" : null}
        </p>
        <Button type="submit" loading={isSubmitting}>
          Save network rules
        </Button>
      </div>
    </form>
  );
}

function RuleTextarea({
  control,
  placeholder,
  registration,
}: {
  control: { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined };
  placeholder: string;
  registration: UseFormRegisterReturn;
}) {
  return (
    <textarea
      {...control}
      rows={6}
      spellCheck={false}
      autoComplete="off"
      autoCapitalize="off"
      placeholder={placeholder}
      className={cn(controlClasses, "min-h-32 resize-y py-2 font-mono text-[13px] leading-relaxed")}
      {...registration}
    />
  );
}

function Switch({ label, description, registration }: { label: string; description: string; registration: UseFormRegisterReturn }) {
  const id = `switch-${registration.name}`;
  return (
    <div className="flex gap-3">
      <input
        id={id}
        type="checkbox"
        role="switch"
        aria-describedby={`${id}-description`}
        className="mt-0.5 size-4 shrink-0 accent-accent-600 dark:accent-accent-400"
        {...registration}
      />
      <div className="min-w-0">
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        <p id={`${id}-description`} className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
          {description}
        </p>
      </div>
    </div>
  );
}
