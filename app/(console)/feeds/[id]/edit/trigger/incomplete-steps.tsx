import Link from "next/link";
import { stepHref, type StepId } from "@/components/feeds/wizard/steps";
import { AlertIcon } from "@/components/ui/icons";

export type StepProblems = Record<string, string>;

// Activation checks fields set on earlier steps; each problem links to the step that sets it.
const FIELD_STEP: Record<string, { step: StepId; label: string }> = {
  connectionId: { step: "connection", label: "Connection" },
  script: { step: "import", label: "Import Configuration" },
  name: { step: "import", label: "Import Configuration" },
  language: { step: "import", label: "Import Configuration" },
  dependencies: { step: "import", label: "Import Configuration" },
  destinations: { step: "destination", label: "Destination" },
};

export function IncompleteSteps({ feedId, problems }: { feedId: number; problems: StepProblems }) {
  const entries = Object.entries(problems);
  if (!entries.length) return null;
  return (
    <div role="alert" className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-4 dark:border-red-900/60 dark:bg-red-950/40">
      <AlertIcon className="mt-0.5 size-5 shrink-0 text-red-600 dark:text-red-400" />
      <div className="space-y-1.5 text-sm">
        <p className="font-semibold text-red-800 dark:text-red-200">The feed cannot be activated yet</p>
        <ul className="space-y-1 text-red-700 dark:text-red-300">
          {entries.map(([field, message]) => {
            const target = FIELD_STEP[field.split(".")[0]];
            return (
              <li key={field}>
                {message}
                {target ? (
                  <>
                    {" "}
                    <Link href={stepHref(feedId, target.step)} className="font-medium underline underline-offset-2">
                      Go to {target.label}
                    </Link>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
