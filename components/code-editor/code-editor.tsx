"use client";

import { indentUnit, LanguageSupport } from "@codemirror/language";
import { Compartment, EditorState, Transaction, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { editorSetup } from "./editor-setup";

export type CodeLanguage = "python" | "javascript";

export type CodeEditorProps = {
  value: string;
  onChange?: (value: string) => void;
  language: CodeLanguage;
  /** The accessible name of the editable area (tests find it as the textbox of this name). */
  ariaLabel: string;
  ariaDescribedBy?: string;
  invalid?: boolean;
  readOnly?: boolean;
  className?: string;
};

// Each language's grammar is its own chunk, fetched when first used. Only the grammar (highlighting,
// indentation, folding data), built here from the Lezer parsers: the editor offers no
// autocompletion, and @codemirror/lang-python and lang-javascript import @codemirror/autocomplete
// for theirs even when only pythonLanguage/javascriptLanguage is used (see editor-setup.ts).
const LANGUAGES: Record<CodeLanguage, () => Promise<LanguageSupport>> = {
  python: () => import("./python-language").then((m) => new LanguageSupport(m.pythonLanguage)),
  javascript: () => import("./javascript-language").then((m) => new LanguageSupport(m.javascriptLanguage)),
};
const INDENT: Record<CodeLanguage, string> = { python: "    ", javascript: "  " };

// Colours as CSS variables so the editor follows the system's light or dark mode with the page.
const PALETTE =
  "[--cm-bg:#ffffff] [--cm-fg:#18181b] [--cm-caret:#4f46e5] [--cm-selection:#c7d2fe99] [--cm-gutter-bg:#fafafa] [--cm-gutter-fg:#a1a1aa] " +
  "[--cm-border:#e4e4e7] [--cm-active-line:#f4f4f5aa] [--cm-match:#fde68a] [--cm-keyword:#7c3aed] [--cm-string:#047857] [--cm-number:#b45309] " +
  "[--cm-comment:#71717a] [--cm-function:#2563eb] [--cm-type:#a21caf] [--cm-property:#0e7490] [--cm-invalid:#dc2626] " +
  "dark:[--cm-bg:#18181b] dark:[--cm-fg:#f4f4f5] dark:[--cm-caret:#a5b4fc] dark:[--cm-selection:#4338ca88] dark:[--cm-gutter-bg:#18181b] " +
  "dark:[--cm-gutter-fg:#71717a] dark:[--cm-border:#3f3f46] dark:[--cm-active-line:#27272a99] dark:[--cm-match:#854d0e] dark:[--cm-keyword:#c4b5fd] " +
  "dark:[--cm-string:#6ee7b7] dark:[--cm-number:#fcd34d] dark:[--cm-comment:#a1a1aa] dark:[--cm-function:#93c5fd] dark:[--cm-type:#f0abfc] " +
  "dark:[--cm-property:#67e8f9] dark:[--cm-invalid:#f87171]";

function attributes(props: Pick<CodeEditorProps, "ariaLabel" | "ariaDescribedBy" | "invalid">): Extension {
  const attrs: Record<string, string> = { "aria-label": props.ariaLabel };
  if (props.ariaDescribedBy) attrs["aria-describedby"] = props.ariaDescribedBy;
  if (props.invalid) attrs["aria-invalid"] = "true";
  return EditorView.contentAttributes.of(attrs);
}

/**
 * A CodeMirror 6 editor as a controlled React input. Load it through LazyCodeEditor so pages that
 * do not show a script never download it.
 */
export function CodeEditor(props: CodeEditorProps) {
  const { value, language, readOnly = false, className } = props;
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  const [compartments] = useState(() => ({ language: new Compartment(), attrs: new Compartment(), readOnly: new Compartment() }));
  const [loadedLanguage, setLoadedLanguage] = useState<CodeLanguage | null>(null);

  useEffect(() => {
    onChange.current = props.onChange;
  });

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          editorSetup,
          compartments.language.of(indentUnit.of(INDENT[language])),
          compartments.attrs.of(attributes(props)),
          compartments.readOnly.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          EditorView.updateListener.of((u) => {
            // Changes pushed in from props are not echoed back.
            if (u.docChanged && !u.transactions.every((t) => t.annotation(Transaction.remote))) onChange.current?.(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; the effects below keep it in step with later props.
  }, []);

  useEffect(() => {
    let cancelled = false;
    void LANGUAGES[language]().then((support) => {
      if (cancelled || !view.current) return;
      view.current.dispatch({ effects: compartments.language.reconfigure([support, indentUnit.of(INDENT[language])]) });
      setLoadedLanguage(language);
    });
    return () => {
      cancelled = true;
    };
  }, [language, compartments]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.attrs.reconfigure(attributes(props)) });
  }, [props.ariaLabel, props.ariaDescribedBy, props.invalid, compartments]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.readOnly.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]) });
  }, [readOnly, compartments]);

  // A value changed from outside (a template, a reset): replace the document. Not an undo step:
  // Ctrl+Z after switching language must not bring back the other language's template.
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({
      changes: { from: 0, to: editor.state.doc.length, insert: value },
      annotations: [Transaction.remote.of(true), Transaction.addToHistory.of(false)],
    });
  }, [value]);

  return (
    <div
      ref={host}
      data-testid="code-editor"
      data-language={loadedLanguage ?? undefined}
      data-ready={loadedLanguage === language ? "true" : "false"}
      className={cn(
        PALETTE,
        "h-[420px] overflow-hidden rounded-md border border-zinc-300 shadow-sm dark:border-zinc-700",
        "focus-within:border-accent-500 focus-within:ring-2 focus-within:ring-accent-500/30",
        props.invalid && "border-red-500 dark:border-red-400",
        "[&_.cm-editor]:h-full",
        className,
      )}
    />
  );
}
