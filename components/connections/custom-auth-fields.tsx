"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input, controlClasses } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { HTTP_METHODS, SECRET_MASK, jsonObjectProblem } from "@/lib/connections/rest-schemas";
import { HeaderRows } from "./header-rows";
import { bodyKeys, type RestForm } from "./rest-form-values";

/** Custom Auth: the authorization request Switchyard makes before each run. */
export function CustomAuthFields({ form, creating }: { form: RestForm; creating: boolean }) {
  const {
    register,
    watch,
    formState: { errors },
  } = form;
  const body = watch("body");
  // The problem shows while typing, before any submit.
  const bodyProblem = jsonObjectProblem(body);

  return (
    <div className="space-y-4">
      <div className="grid grid-cols-[minmax(0,1fr)_8rem] gap-3">
        <Field label="Authorization URL" error={errors.authUrl?.message} description="Called before each run; the fetch script receives its response.">
          {(control) => (
            <Input {...control} type="url" inputMode="url" placeholder="https://api.example.com/oauth/token" autoComplete="off" spellCheck={false} {...register("authUrl")} />
          )}
        </Field>
        <Field label="Method" error={errors.method?.message}>
          {(control) => (
            <Select {...control} {...register("method")}>
              {HTTP_METHODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>

      <HeaderRows form={form} creating={creating} />

      <Field
        label="JSON body"
        error={bodyProblem ?? errors.body?.message}
        description={
          creating
            ? "A JSON object sent with the request. Leave it empty to send no body."
            : `A JSON object sent with the request. Secret values show as ${SECRET_MASK}; leave them as they are to keep the saved value.`
        }
      >
        {(control) => (
          <textarea
            {...control}
            rows={6}
            spellCheck={false}
            autoComplete="off"
            placeholder={'{\n  "client_id": "…",\n  "client_secret": "…"\n}'}
            className={cn(controlClasses, "min-h-32 resize-y py-2 font-mono text-[13px] leading-relaxed")}
            {...register("body")}
          />
        )}
      </Field>

      <SecretBodyKeys form={form} body={body} />
    </div>
  );
}

/** Checkboxes for the body's values by path (nested ones as "auth.password"): a checked value is stored encrypted and masked on the way out. */
function SecretBodyKeys({ form, body }: { form: RestForm; body: string }) {
  const selected = form.watch("secretBodyKeys");
  // While the JSON is broken, keep showing the keys it last had rather than flickering to nothing.
  const [keys, setKeys] = useState<string[]>(() => bodyKeys(body) ?? []);
  const parsed = bodyKeys(body);
  if (parsed && parsed.join("\n") !== keys.join("\n")) setKeys(parsed);

  const toggle = (key: string, on: boolean) => {
    const next = on ? [...selected.filter((k) => k !== key), key] : selected.filter((k) => k !== key);
    form.setValue("secretBodyKeys", next, { shouldDirty: true });
  };

  return (
    <fieldset>
      <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">Secret body values</legend>
      {keys.length === 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Add keys to the JSON body to mark their values secret; nested values are listed by path.</p>
      ) : (
        <ul className="flex flex-wrap gap-2">
          {keys.map((key) => (
            <li key={key}>
              <label className="inline-flex items-center gap-2 rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-1.5 text-sm has-checked:border-accent-300 has-checked:bg-accent-50 dark:border-zinc-700 dark:bg-zinc-800/60 dark:has-checked:border-accent-700 dark:has-checked:bg-accent-950/50">
                <input type="checkbox" className="size-4 accent-accent-600" checked={selected.includes(key)} onChange={(e) => toggle(key, e.target.checked)} />
                <span className="sr-only">Secret </span>
                <span className="font-mono text-[13px]">{key}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">Checked values are encrypted at rest and never shown again.</p>
    </fieldset>
  );
}
