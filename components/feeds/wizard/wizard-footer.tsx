"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { ArrowLeftIcon, ChevronRightIcon } from "../feed-icons";

type Props = {
  /** Where Back goes; omitted on the first step. */
  backHref?: string;
  /** Called instead of following backHref, e.g. to save first. */
  onBack?: () => void;
  nextLabel?: string;
  nextDisabled?: boolean;
  /** Why Next is disabled, shown beside it and read with it. */
  nextReason?: ReactNode;
  pending?: boolean;
  /** The form the Next button submits. */
  form?: string;
  extra?: ReactNode;
};

/** Back and Next at the bottom of a wizard step. Next submits the step's form. */
export function WizardFooter({ backHref, onBack, nextLabel = "Next", nextDisabled, nextReason, pending, form, extra }: Props) {
  return (
    <div className="mt-6 border-t border-zinc-200 pt-5 dark:border-zinc-800">
      <div className="flex items-center justify-between gap-4">
        <div className="flex items-center gap-2">
          {backHref ? (
            onBack ? (
              <Button variant="secondary" onClick={onBack} disabled={pending}>
                <ArrowLeftIcon className="size-4" />
                Back
              </Button>
            ) : (
              <Link href={backHref} className={buttonClasses("secondary")}>
                <ArrowLeftIcon className="size-4" />
                Back
              </Link>
            )
          ) : (
            <Link href="/feeds" className={buttonClasses("ghost")}>
              Cancel
            </Link>
          )}
          {extra}
        </div>
        <div className="flex min-w-0 items-center gap-3">
          {nextReason ? (
            <p id="wizard-next-reason" className="min-w-0 text-right text-sm text-zinc-600 dark:text-zinc-400">
              {nextReason}
            </p>
          ) : null}
          <Button type="submit" form={form} disabled={nextDisabled} loading={pending} aria-describedby={nextReason ? "wizard-next-reason" : undefined}>
            {nextLabel}
            {nextLabel === "Next" ? <ChevronRightIcon className="size-4" /> : null}
          </Button>
        </div>
      </div>
    </div>
  );
}
