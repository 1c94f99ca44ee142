"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { feedTitle } from "@/components/feeds/feed-status-badge";
import { WebhookDetails } from "@/components/feeds/webhook-details";
import { RadioCards } from "@/components/feeds/wizard/radio-cards";
import { ScheduleFields } from "@/components/feeds/wizard/schedule-fields";
import { StepSection } from "@/components/feeds/wizard/step-section";
import { stepHref } from "@/components/feeds/wizard/steps";
import { lazyZodResolver } from "@/components/feeds/wizard/lazy-resolver";
import { defaultTriggerValues, formField, toTrigger, type TriggerFormOutput, type TriggerFormValues } from "@/components/feeds/wizard/trigger-form";
import { WatcherRows } from "@/components/feeds/wizard/watcher-rows";
import { WizardFooter } from "@/components/feeds/wizard/wizard-footer";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import { useFeed, useUpdateFeed, type FeedInput } from "@/lib/feeds/queries";
import type { FeedOut } from "@/lib/feeds/schemas";
import { IncompleteSteps, type StepProblems } from "./incomplete-steps";
import { WebhookCreatedDialog } from "./webhook-created-dialog";

// zod and the schema load on the first Save, not with the page.
const resolver = lazyZodResolver<TriggerFormValues, TriggerFormOutput>(() => import("@/components/feeds/wizard/trigger-schema").then((m) => m.triggerFormSchema));

const TYPE_OPTIONS = [
  { value: "schedule" as const, label: "Schedule", description: "At an interval, on days of the week, or on a cron expression" },
  { value: "webhook" as const, label: "Webhook", description: "When another system POSTs to the feed's URL with its secret" },
  { value: "once" as const, label: "Run Once", description: "A single run at a date and time" },
  { value: "none" as const, label: "No trigger (run manually)", description: "Only when someone presses Run" },
];

export function TriggerStep({ initialFeed }: { initialFeed: FeedOut }) {
  const router = useRouter();
  const { data: feed = initialFeed } = useFeed(initialFeed.id, { initialData: initialFeed });
  const update = useUpdateFeed();
  const form = useForm<TriggerFormValues, unknown, TriggerFormOutput>({ resolver, defaultValues: defaultTriggerValues(initialFeed) });
  const { register, handleSubmit, setError, setValue, formState } = form;
  const type = useWatch({ control: form.control, name: "type" });
  const [problems, setProblems] = useState<StepProblems>({});
  const [created, setCreated] = useState<{ path: string; secret: string } | null>(null);

  const done = (saved: FeedOut) => {
    toast.success(saved.status === "paused" ? `Feed ${feedTitle(saved)} saved (still paused)` : `Feed ${feedTitle(saved)} is active`);
    router.push(`/feeds/${saved.id}`);
  };

  const onSubmit = handleSubmit(async (v) => {
    setProblems({});
    try {
      const saved = await update.mutateAsync({
        id: feed.id,
        trigger: toTrigger(v) as FeedInput["trigger"],
        watchers: v.watchers,
        // Saving activates the feed; a paused feed keeps its pause.
        status: feed.status === "paused" ? "paused" : "active",
        wizardStep: "trigger",
      });
      if (saved.webhookSecret && saved.webhook) setCreated({ path: saved.webhook.path, secret: saved.webhookSecret });
      else done(saved);
    } catch (err) {
      if (!(err instanceof ApiClientError) || !Object.keys(err.fields).length) return void toast.error(errorMessage(err));
      const elsewhere: StepProblems = {};
      let first = true;
      for (const [path, message] of Object.entries(err.fields)) {
        if (path.startsWith("trigger.")) setError(formField(path.slice(8)), { type: "server", message }, { shouldFocus: first });
        else if (path.startsWith("watchers.")) setError(path as `watchers.${number}.url`, { type: "server", message }, { shouldFocus: first });
        else elsewhere[path] = message;
        first = false;
      }
      setProblems(elsewhere);
      toast.error(err.message);
    }
  });

  return (
    <FormProvider {...form}>
      <form id="trigger-step" onSubmit={onSubmit} noValidate className="space-y-6">
        <IncompleteSteps feedId={feed.id} problems={problems} />
        <StepSection title="Trigger" description="When the feed runs. Saving activates the feed.">
          <div className="space-y-6">
            <RadioCards
              legend="Trigger type"
              hideLegend
              name="type"
              value={type}
              onChange={(t) => setValue("type", t, { shouldDirty: true })}
              options={TYPE_OPTIONS}
              className="[&>div]:grid-flow-row [&>div]:grid-cols-2 xl:[&>div]:grid-cols-4"
            />
            {type === "schedule" ? <ScheduleFields /> : null}
            {type === "webhook" ? (
              feed.webhook ? (
                <WebhookDetails feedId={feed.id} path={feed.webhook.path} canRotate={feed.webhook.hasSecret} />
              ) : (
                <p className="rounded-md bg-zinc-50 px-3 py-2.5 text-sm text-zinc-600 dark:bg-zinc-950/50 dark:text-zinc-400">
                  When you save, Switchyard creates the feed&apos;s webhook URL and a secret, and shows the secret once.
                </p>
              )
            ) : null}
            {type === "once" ? (
              <Field
                label="Run at"
                error={formState.errors.onceAt?.message}
                description={`Your local time (${Intl.DateTimeFormat().resolvedOptions().timeZone}).`}
                className="max-w-xs"
              >
                {(c) => <Input {...c} type="datetime-local" {...register("onceAt")} />}
              </Field>
            ) : null}
            {type === "none" ? (
              <p className="rounded-md bg-zinc-50 px-3 py-2.5 text-sm text-zinc-600 dark:bg-zinc-950/50 dark:text-zinc-400">
                The feed runs only when someone presses Run on the feed page (or calls the API).
              </p>
            ) : null}
          </div>
        </StepSection>

        <StepSection title="Watchers" description="URLs that receive a JSON POST when a run succeeds or fails, retried on errors.">
          <WatcherRows />
        </StepSection>
      </form>

      <WizardFooter backHref={stepHref(feed.id, "destination")} form="trigger-step" nextLabel="Save" pending={formState.isSubmitting} />
      <WebhookCreatedDialog
        created={created}
        feedId={feed.id}
        onDone={() => {
          setCreated(null);
          done(feed);
        }}
      />
    </FormProvider>
  );
}
