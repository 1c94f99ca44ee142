"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { toast } from "@/components/ui/toast";
import { LazyCodeEditor } from "@/components/code-editor/lazy-code-editor";
import { ChipInput } from "@/components/feeds/chip-input";
import { PlayIcon } from "@/components/feeds/feed-icons";
import { FeedNameField } from "@/components/feeds/wizard/feed-name-field";
import { RadioCards } from "@/components/feeds/wizard/radio-cards";
import { isTemplate, SCRIPT_TEMPLATES } from "@/components/feeds/wizard/script-templates";
import { StepSection } from "@/components/feeds/wizard/step-section";
import { stepHref } from "@/components/feeds/wizard/steps";
import { useScriptTest } from "@/components/feeds/wizard/use-script-test";
import { WizardFooter } from "@/components/feeds/wizard/wizard-footer";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/api-client";
import { useFeed, useUpdateFeed } from "@/lib/feeds/queries";
import type { FeedOut } from "@/lib/feeds/schemas";
import { LazyTestResults } from "./lazy-test-results";
import { nextBlockedReason } from "./next-gate";
import { loadSchemas, useImportForm } from "./use-import-form";

const LANGUAGE_OPTIONS = [
  { value: "python" as const, label: "Python", description: "Python 3 with requests; add pip packages above" },
  { value: "javascript" as const, label: "JavaScript", description: "Node.js ES module with fetch and top-level await" },
];
const LOAD_TYPE_OPTIONS = [
  { value: "incremental" as const, label: "Incremental", description: "Each run appends what the script writes; the script's metadata says where to resume" },
  { value: "truncate_insert" as const, label: "Truncate and Insert", description: "Each run replaces the table's contents with what the script writes" },
];
const requirementProblem = async (value: string) => (await loadSchemas()).requirementProblem(value);
// Where focus goes when a field is invalid on Next.
const FOCUS: Record<string, string> = { name: "#feed-name", script: '[aria-label="Script"]', dependencies: "#install-dependency" };
const focusField = (field: string) => document.querySelector<HTMLElement>(FOCUS[field] ?? "#feed-name")?.focus();

export function ImportStep({ initialFeed }: { initialFeed: FeedOut }) {
  const router = useRouter();
  const { data: feed = initialFeed } = useFeed(initialFeed.id, { initialData: initialFeed });
  const update = useUpdateFeed();
  const tester = useScriptTest(feed.id);
  const form = useImportForm(initialFeed);
  const { values, errors, set } = form;
  const reason = nextBlockedReason(feed, values, tester);
  const locked = Boolean(feed.name && feed.lastRun);
  const scriptFields = () => ({ language: values.language, script: values.script, dependencies: values.dependencies, loadType: values.loadType });

  const failed = (err: unknown) => {
    if (!form.applyServerErrors(err)) toast.error(errorMessage(err));
  };

  const onTest = async () => {
    if (!values.script.trim()) return form.setError("script", "Write the fetch script");
    try {
      await tester.start(scriptFields());
    } catch (err) {
      failed(err);
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await form.validate();
    if ("invalid" in result) return focusField(result.invalid);
    const v = result.data;
    try {
      await update.mutateAsync({ id: feed.id, ...v, name: locked ? undefined : v.name, ...(feed.status === "draft" ? { wizardStep: "destination" as const } : {}) });
      router.push(stepHref(feed.id, "destination"));
    } catch (err) {
      failed(err);
    }
  };

  // Back keeps the script: it is saved (without the name, which may not be valid yet) when it changed.
  const onBack = async () => {
    const v = scriptFields();
    const changed = v.script !== feed.script || v.language !== feed.language || v.loadType !== feed.loadType || v.dependencies.join() !== feed.dependencies.join();
    try {
      if (changed) await update.mutateAsync({ id: feed.id, ...v });
      router.push(stepHref(feed.id, "connection"));
    } catch (err) {
      failed(err);
    }
  };

  return (
    <>
      <form id="import-step" onSubmit={onSubmit} noValidate className="space-y-6">
        <StepSection
          title="Import Configuration"
          description="Define what the connection retrieves: write the fetch script, test it, then name the feed. Next unlocks once a test of the current script succeeds."
        >
          <div className="space-y-5">
            {values.language === "python" ? (
              <ChipInput
                id="install-dependency"
                label="Install Dependency"
                values={values.dependencies}
                onChange={(deps) => set("dependencies", deps)}
                validate={requirementProblem}
                error={errors.dependencies}
                placeholder="e.g. requests==2.32.3"
                description="Optional. Python packages installed with pip before the script runs. Press Tab or Enter to add each one."
              />
            ) : null}
            <RadioCards
              legend="Language"
              name="language"
              value={values.language}
              options={LANGUAGE_OPTIONS}
              onChange={(language) => {
                set("language", language);
                if (isTemplate(values.script)) set("script", SCRIPT_TEMPLATES[language]);
              }}
              className="max-w-2xl"
            />
            <div className="space-y-2">
              <div className="flex items-end justify-between gap-4">
                <div>
                  <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Script Editor ({values.language === "python" ? "Python" : "JavaScript"})</p>
                  <p id="script-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
                    Write records with <code className="font-mono">outputStream.write(obj)</code>. Find with Ctrl+F; Tab indents, Esc then Tab leaves the editor.
                  </p>
                </div>
                <Button variant="secondary" onClick={onTest} loading={tester.running} disabled={update.isPending && !tester.running}>
                  {tester.running ? null : <PlayIcon className="size-3.5" />}
                  Test
                </Button>
              </div>
              <LazyCodeEditor
                value={values.script}
                onChange={(script) => set("script", script)}
                language={values.language}
                ariaLabel="Script"
                ariaDescribedBy={errors.script ? "script-error" : "script-hint"}
                invalid={Boolean(errors.script)}
              />
              {errors.script ? (
                <p id="script-error" className="text-xs font-medium text-red-600 dark:text-red-400">
                  {errors.script}
                </p>
              ) : null}
            </div>
          </div>
        </StepSection>

        <StepSection title="Test results" description="The test runs the saved script, stops after 10 records and writes nothing.">
          <LazyTestResults test={tester} />
        </StepSection>

        <StepSection title="Load Type" description="How each run's records are loaded into the destination table.">
          <RadioCards legend="Load Type" hideLegend name="loadType" value={values.loadType} options={LOAD_TYPE_OPTIONS} onChange={(t) => set("loadType", t)} className="max-w-3xl" />
        </StepSection>

        <StepSection title="Name" description="The feed's name is also the destination table's name, in lower case.">
          <FeedNameField id="feed-name" value={values.name} onChange={(e) => set("name", e.target.value)} error={errors.name} locked={locked} />
        </StepSection>
      </form>

      <WizardFooter
        backHref={stepHref(feed.id, "connection")}
        onBack={onBack}
        form="import-step"
        nextDisabled={reason !== null}
        nextReason={reason}
        pending={update.isPending && !tester.running}
      />
    </>
  );
}
