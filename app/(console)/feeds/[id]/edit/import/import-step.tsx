"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { toast } from "@/components/ui/toast";
import { LazyCodeEditor } from "@/components/code-editor/lazy-code-editor";
import { ChipInput } from "@/components/feeds/chip-input";
import { PlayIcon } from "@/components/feeds/feed-icons";
import { FeedNameField } from "@/components/feeds/wizard/feed-name-field";
import { RadioCards } from "@/components/feeds/wizard/radio-cards";
import { hasDraft } from "@/components/feeds/wizard/draft-key";
import type { AuthType, ScriptTemplates } from "@/components/feeds/wizard/script-templates";
import { StepSection } from "@/components/feeds/wizard/step-section";
import { stepHref } from "@/components/feeds/wizard/steps";
import { sameSource, useScriptTest, type ScriptSource } from "@/components/feeds/wizard/use-script-test";
import { WizardFooter } from "@/components/feeds/wizard/wizard-footer";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/api-client";
import { useFeed, useUpdateFeed } from "@/lib/feeds/queries";
import type { FeedOut } from "@/lib/feeds/schemas";
import { LazyTestResults } from "./lazy-test-results";
import { nextBlockedReason } from "./next-gate";
import { isTemplate, loadSchemas, savedValues, useImportForm } from "./use-import-form";

// The Script API reference, a restored draft's notice and the Truncate and Insert warning: loaded
// when one is first shown, outside the page's first download.
const extras = () => import("@/components/feeds/wizard/import-extras");
const ImportExtra = dynamic(() => extras().then((m) => m.ImportExtra), { ssr: false });
// A live feed's stored draft is dropped, when there is one or a write of one may be on its way.
const dropDraft = (feedId: number, written: boolean) => void ((written || hasDraft(feedId)) && extras().then((m) => m.clearDraft(feedId)));

// Truncate and Insert replaces the table on every run: a script that resumes from metadata finds
// nothing new on its next run and so empties the table. Comment lines (the template's) do not count.
const savesMetadata = (script: string) => script.split("\n").some((line) => !/^\s*(#|\/\/)/.test(line) && /\bmetadata\.save\s*\(/.test(line));

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

type Props = { initialFeed: FeedOut; authType: AuthType; templates: ScriptTemplates; testLimits: string };

export function ImportStep({ initialFeed, authType, templates, testLimits }: Props) {
  const router = useRouter();
  const { data: feed = initialFeed } = useFeed(initialFeed.id, { initialData: initialFeed });
  const update = useUpdateFeed();
  // A feed that runs (active or paused) is never changed by a test: its edits stay a draft until Next.
  const live = initialFeed.status !== "draft";
  const tester = useScriptTest(feed.id, { save: !live });
  const form = useImportForm(initialFeed, templates);
  const { values, errors, set } = form;
  const [restored, setRestored] = useState<{ at: string; base: string | null; baseChanged: boolean; passed: ScriptSource | null; json: string } | null>(null);
  const [draftReady, setDraftReady] = useState(false);
  const savedByNext = useRef(false);
  const wroteDraft = useRef(false);
  const [reference, setReference] = useState(false);
  const passed = tester.passed ?? (tester.run ? null : (restored?.passed ?? null));
  const reason = nextBlockedReason(feed, values, tester, passed);
  const locked = Boolean(feed.name && feed.lastRun);
  const scriptFields = () => ({ language: values.language, script: values.script, dependencies: values.dependencies, loadType: values.loadType });

  // A live feed's edits: restored once on load, then kept in this browser as they change.
  useEffect(() => {
    if (!live) return;
    if (!hasDraft(initialFeed.id)) return setDraftReady(true);
    void extras().then(({ readDraft }) => {
      const draft = readDraft(initialFeed.id);
      if (draft && JSON.stringify(draft.values) !== JSON.stringify(savedValues(initialFeed, templates))) {
        form.reset(draft.values);
        setRestored({ at: draft.at, base: draft.base, baseChanged: draft.base !== initialFeed.updatedAt, passed: draft.passed, json: JSON.stringify(draft.values) });
      }
      setDraftReady(true);
    });
    // Once, on load: the draft is read before it is written.
  }, []);
  useEffect(() => {
    if (!live || !draftReady || savedByNext.current) return;
    const json = JSON.stringify(values);
    if (json === JSON.stringify(savedValues(feed, templates))) return dropDraft(feed.id, wroteDraft.current);
    const draft = { values, at: restored?.json === json ? restored.at : new Date().toISOString(), base: restored ? restored.base : initialFeed.updatedAt, passed };
    wroteDraft.current = true;
    void extras().then((m) => m.writeDraft(feed.id, draft));
  }, [live, draftReady, values, passed, feed, templates, restored, initialFeed.updatedAt]);

  const discardDraft = () => {
    dropDraft(feed.id, wroteDraft.current);
    form.reset(savedValues(feed, templates));
    setRestored(null);
  };

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
      savedByNext.current = true;
      dropDraft(feed.id, wroteDraft.current);
      router.push(stepHref(feed.id, "destination"));
    } catch (err) {
      failed(err);
    }
  };

  // Back keeps the script: a draft feed saves it (without the name, which may not be valid yet) when
  // it changed; a live feed's edits stay in the browser's draft.
  const onBack = async () => {
    if (live) return router.push(stepHref(feed.id, "connection"));
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
            {restored ? (
              <ImportExtra
                kind="draft"
                at={restored.at}
                baseChanged={restored.baseChanged}
                tested={Boolean(passed && sameSource(passed, { language: values.language, script: values.script, dependencies: values.dependencies ?? [] }))}
                onDiscard={discardDraft}
              />
            ) : live ? (
              <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
                This feed is {feed.status}: Test runs your edits without saving them; runs keep the saved script until Next saves a tested one.
              </p>
            ) : null}
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
                if (isTemplate(values.script, templates)) set("script", templates[language]);
              }}
              className="max-w-2xl"
            />
            <div className="space-y-2">
              <div className="flex flex-wrap items-end justify-between gap-x-4 gap-y-2">
                <div className="min-w-0">
                  <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Script Editor ({values.language === "python" ? "Python" : "JavaScript"})</p>
                  <p id="script-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
                    Write records with <code className="font-mono">outputStream.write(obj)</code>. Find with Ctrl+F; Tab indents, Esc then Tab leaves the editor.
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  <Button variant="ghost" aria-expanded={reference} aria-controls="script-api" onClick={() => setReference((r) => !r)}>
                    Script API
                  </Button>
                  {tester.running && tester.run ? (
                    <Button variant="secondary" onClick={() => void tester.stop().catch(failed)} loading={tester.stopping}>
                      Stop
                    </Button>
                  ) : null}
                  <Button variant="secondary" onClick={onTest} loading={tester.running} disabled={update.isPending && !tester.running} aria-describedby="test-limits">
                    {tester.running ? null : <PlayIcon className="size-3.5" />}
                    Test
                  </Button>
                </div>
              </div>
              <p id="test-limits" data-testid="test-limits" className="text-xs text-zinc-500 dark:text-zinc-400">
                {testLimits}
              </p>
              <div className={reference ? "grid gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]" : undefined}>
                <div className="min-w-0">
                  <LazyCodeEditor
                    value={values.script}
                    onChange={(script) => set("script", script)}
                    language={values.language}
                    ariaLabel="Script"
                    ariaDescribedBy={errors.script ? "script-error" : "script-hint"}
                    invalid={Boolean(errors.script)}
                  />
                </div>
                {reference ? (
                  <aside
                    id="script-api"
                    aria-label="Script API reference"
                    className="max-h-[32rem] overflow-auto rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
                  >
                    <ImportExtra kind="reference" language={values.language} authType={authType} />
                  </aside>
                ) : null}
              </div>
              {errors.script ? (
                <p id="script-error" className="text-xs font-medium text-red-600 dark:text-red-400">
                  {errors.script}
                </p>
              ) : null}
            </div>
          </div>
        </StepSection>

        <StepSection title="Test results" description="Runs the editor's script unsaved and writes nothing.">
          <LazyTestResults test={tester} />
        </StepSection>

        <StepSection title="Load Type" description="How each run's records are loaded into the destination table.">
          <RadioCards legend="Load Type" hideLegend name="loadType" value={values.loadType} options={LOAD_TYPE_OPTIONS} onChange={(t) => set("loadType", t)} className="max-w-3xl" />
          {values.loadType === "truncate_insert" && savesMetadata(values.script) ? <ImportExtra kind="truncate" /> : null}
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
