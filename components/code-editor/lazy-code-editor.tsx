"use client";

import dynamic from "next/dynamic";
import { Spinner } from "@/components/ui/spinner";

/** What shows while CodeMirror downloads: the editor's frame, so nothing jumps when it arrives. */
function EditorLoading() {
  return (
    <div
      role="status"
      className="flex h-[420px] items-center justify-center gap-2 rounded-md border border-zinc-300 bg-white text-sm text-zinc-500 shadow-sm dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400"
    >
      <Spinner />
      Loading the editor…
    </div>
  );
}

/** The code editor, fetched on first use and rendered in the browser only. */
export const LazyCodeEditor = dynamic(() => import("./code-editor").then((m) => m.CodeEditor), { ssr: false, loading: EditorLoading });
