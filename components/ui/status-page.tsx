import Link from "next/link";
import { buttonClasses } from "./button";
import { LogoIcon } from "./icons";

type Props = { code: string; title: string; description: string };

/**
 * A message page (403, 404) with a way back home. forbidden() is called by console pages, so the
 * 403 renders inside the console's <main>; a 404 for an unknown address renders on its own.
 */
export function StatusPage({ code, title, description, standalone }: Props & { standalone?: boolean }) {
  const Tag = standalone ? "main" : "div";
  return (
    <Tag className={`flex items-center justify-center px-6 py-16 ${standalone ? "min-h-dvh" : "min-h-[60vh]"}`}>
      <div className="max-w-md text-center">
        <LogoIcon className="mx-auto mb-6 size-8 text-accent-600 dark:text-accent-400" />
        <p className="text-sm font-semibold text-accent-600 dark:text-accent-400">{code}</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{title}</h1>
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
        <Link href="/" className={`${buttonClasses("primary")} mt-8`}>
          Back to Switchyard
        </Link>
      </div>
    </Tag>
  );
}
