import { continuedIndent, delimitedIndent, flatIndent, foldInside, foldNodeProp, indentNodeProp, LRLanguage } from "@codemirror/language";
import { parser } from "@lezer/javascript";

// JavaScript's grammar with the indentation, folding and language data of
// @codemirror/lang-javascript 6.2.5's `javascriptLanguage`, copied here so the editor does not
// import that package: its completion sources and snippets import @codemirror/autocomplete
// (~10 kB gzipped, bundled whole) at module level, and the editor offers no completion. The JSX rules are left
// out (scripts are plain JavaScript; the JSX dialect is never switched on). Keep in step with
// lang-javascript's src/javascript.ts when upgrading.

export const javascriptLanguage = LRLanguage.define({
  name: "javascript",
  parser: parser.configure({
    props: [
      indentNodeProp.add({
        IfStatement: continuedIndent({ except: /^\s*({|else\b)/ }),
        TryStatement: continuedIndent({ except: /^\s*({|catch\b|finally\b)/ }),
        LabeledStatement: flatIndent,
        SwitchBody: (context) => {
          const after = context.textAfter;
          const closed = /^\s*\}/.test(after);
          const isCase = /^\s*(case|default)\b/.test(after);
          return context.baseIndent + (closed ? 0 : isCase ? 1 : 2) * context.unit;
        },
        Block: delimitedIndent({ closing: "}" }),
        ArrowFunction: (cx) => cx.baseIndent + cx.unit,
        "TemplateString BlockComment": () => null,
        "Statement Property": continuedIndent({ except: /^\s*{/ }),
      }),
      foldNodeProp.add({
        "Block ClassBody SwitchBody EnumBody ObjectExpression ArrayExpression ObjectType": foldInside,
        BlockComment: (tree) => ({ from: tree.from + 2, to: tree.to - 2 }),
      }),
    ],
  }),
  languageData: {
    closeBrackets: { brackets: ["(", "[", "{", "'", '"', "`"] },
    commentTokens: { line: "//", block: { open: "/*", close: "*/" } },
    indentOnInput: /^\s*(?:case |default:|\{|\}|<\/)$/,
    wordChars: "$",
  },
});
