"use client";

import { useFieldArray } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import type { RestForm } from "./rest-form-values";
import { SecretInput } from "./secret-input";

/** The Custom Auth request's headers: name, value and whether the value is secret, one row each. */
export function HeaderRows({ form, creating }: { form: RestForm; creating: boolean }) {
  const { control, register, watch, setValue, getValues, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "headers" });
  const headers = watch("headers");

  return (
    <fieldset className="space-y-2">
      <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">Request headers</legend>
      {fields.length === 0 ? <p className="text-xs text-zinc-500 dark:text-zinc-400">No headers. Add one for an API key or a content type.</p> : null}
      {fields.map((field, i) => {
        const n = i + 1;
        const errors = formState.errors.headers?.[i];
        const secret = headers[i]?.secret ?? false;
        const errorId = `${field.id}-error`;
        const valueProps = {
          "aria-label": `Header value ${n}`,
          "aria-invalid": errors?.value ? (true as const) : undefined,
          "aria-describedby": errors?.value ? errorId : undefined,
          placeholder: "Value",
          ...register(`headers.${i}.value`),
        };
        return (
          <div key={field.id} className="space-y-1">
            <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto_auto] items-center gap-2">
              <Input
                aria-label={`Header name ${n}`}
                aria-invalid={errors?.key ? true : undefined}
                aria-describedby={errors?.key ? errorId : undefined}
                placeholder="Name, e.g. X-Api-Key"
                autoComplete="off"
                spellCheck={false}
                className="font-mono text-[13px]"
                {...register(`headers.${i}.key`)}
              />
              {secret ? (
                <SecretInput {...valueProps} className="font-mono text-[13px]" revealLabel={creating ? `Show value of header ${n}` : undefined} />
              ) : (
                <Input {...valueProps} autoComplete="off" spellCheck={false} className="font-mono text-[13px]" />
              )}
              <label className="flex items-center gap-1.5 px-1 text-sm text-zinc-700 dark:text-zinc-300">
                <input
                  type="checkbox"
                  aria-label={`Secret ${n}`}
                  className="size-4 accent-accent-600"
                  {...register(`headers.${i}.secret`, {
                    // A saved secret's mask is no value of its own: it must not become a plain header.
                    onChange: (e: { target: { checked: boolean } }) => {
                      if (!e.target.checked && getValues(`headers.${i}.value`) === SECRET_MASK) setValue(`headers.${i}.value`, "");
                    },
                  })}
                />
                <span aria-hidden>Secret</span>
              </label>
              <Button variant="ghost" size="sm" className="w-8 px-0" aria-label={`Remove header ${n}`} title="Remove header" onClick={() => remove(i)}>
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
      <Button variant="secondary" size="sm" onClick={() => append({ key: "", value: "", secret: false }, { focusName: `headers.${fields.length}.key` })}>
        <PlusIcon className="size-3.5" />
        Add header
      </Button>
    </fieldset>
  );
}
