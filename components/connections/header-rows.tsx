"use client";

import { useFieldArray } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import type { RestForm } from "./rest-form-values";
import { SecretInput } from "./secret-input";

type RowsOf = "headers" | "extraBody";
// How each list names itself: the Custom Auth request's headers, OAuth 2.0's extra token request fields.
const WORDS: Record<RowsOf, { legend: string; noun: string; Noun: string; empty: string; keyHint: string }> = {
  headers: { legend: "Request headers", noun: "header", Noun: "Header", empty: "No headers. Add one for an API key or a content type.", keyHint: "Name, e.g. X-Api-Key" },
  extraBody: { legend: "Extra token request fields", noun: "field", Noun: "Field", empty: "None. Add one for a field your token URL needs, e.g. audience.", keyHint: "Name, e.g. audience" },
};

/** Name, value and whether the value is secret, one row each: request headers or extra body fields. */
export function HeaderRows({ form, creating, name = "headers" }: { form: RestForm; creating: boolean; name?: RowsOf }) {
  const { control, register, watch, setValue, getValues, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name });
  const headers = watch(name);
  const w = WORDS[name];

  return (
    <fieldset className="space-y-2">
      <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">{w.legend}</legend>
      {fields.length === 0 ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{w.empty}</p> : null}
      {fields.map((field, i) => {
        const n = i + 1;
        const errors = formState.errors[name]?.[i];
        const secret = headers[i]?.secret ?? false;
        const errorId = `${field.id}-error`;
        const valueProps = {
          "aria-label": `${w.Noun} value ${n}`,
          "aria-invalid": errors?.value ? (true as const) : undefined,
          "aria-describedby": errors?.value ? errorId : undefined,
          placeholder: "Value",
          ...register(`${name}.${i}.value`),
        };
        return (
          <div key={field.id} className="space-y-1">
            <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto_auto] items-center gap-2">
              <Input
                aria-label={`${w.Noun} name ${n}`}
                aria-invalid={errors?.key ? true : undefined}
                aria-describedby={errors?.key ? errorId : undefined}
                placeholder={w.keyHint}
                autoComplete="off"
                spellCheck={false}
                className="font-mono text-[13px]"
                {...register(`${name}.${i}.key`)}
              />
              {secret ? (
                <SecretInput {...valueProps} className="font-mono text-[13px]" revealLabel={creating ? `Show value of ${w.noun} ${n}` : undefined} />
              ) : (
                <Input {...valueProps} autoComplete="off" spellCheck={false} className="font-mono text-[13px]" />
              )}
              <label className="flex items-center gap-1.5 px-1 text-sm text-zinc-700 dark:text-zinc-300">
                <input
                  type="checkbox"
                  aria-label={`Secret ${n}`}
                  className="size-4 accent-accent-600"
                  {...register(`${name}.${i}.secret`, {
                    // A saved secret's mask is no value of its own: it must not become a plain header.
                    onChange: (e: { target: { checked: boolean } }) => {
                      if (!e.target.checked && getValues(`${name}.${i}.value`) === SECRET_MASK) setValue(`${name}.${i}.value`, "");
                    },
                  })}
                />
                <span aria-hidden>Secret</span>
              </label>
              <Button variant="ghost" size="sm" className="w-8 px-0" aria-label={`Remove ${w.noun} ${n}`} title={`Remove ${w.noun}`} onClick={() => remove(i)}>
                <TrashIcon className="size-4" />
              </Button>
            </div>
            {errors?.key?.message || errors?.value?.message ? (
              <p id={errorId} className="text-xs font-medium text-red-600 dark:text-red-400">
                {errors.key?.message ?? errors.value?.message}
              </p>
            ) : null}
          </div>
        );
      })}
      <Button variant="secondary" size="sm" onClick={() => append({ key: "", value: "", secret: false }, { focusName: `${name}.${fields.length}.key` })}>
        <PlusIcon className="size-3.5" />
        Add {w.noun}
      </Button>
    </fieldset>
  );
}
