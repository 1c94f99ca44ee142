import { delimitedIndent, foldInside, foldNodeProp, indentNodeProp, LRLanguage, type TreeIndentContext } from "@codemirror/language";
import { parser } from "@lezer/python";

// Python's grammar with the indentation, folding and language data of @codemirror/lang-python
// 6.2.1's `pythonLanguage`, copied here so the editor does not import that package: its
// completion sources import @codemirror/autocomplete (~10 kB gzipped, bundled whole) at module
// level, and the editor offers no completion. Keep in step with lang-python's src/python.ts when upgrading.

type Node = TreeIndentContext["node"];

// The innermost Body the line being indented belongs to (a blank or comment line after a block
// stays in the block while it is indented at least one unit deeper than the block's header).
function innerBody(context: TreeIndentContext): Node | null {
  let { node, pos } = context;
  const lineIndent = context.lineIndent(pos, -1);
  let found: Node | null = null;
  for (;;) {
    const before = node.childBefore(pos);
    if (!before) break;
    else if (before.name == "Comment") pos = before.from;
    else if (before.name == "Body" || before.name == "MatchBody") {
      if (context.baseIndentFor(before) + context.unit <= lineIndent) found = before;
      node = before;
    } else if (before.name == "MatchClause") node = before;
    else if (before.type.is("Statement")) node = before;
    else break;
  }
  return found;
}

function indentBody(context: TreeIndentContext, node: Node): number | null {
  const base = context.baseIndentFor(node);
  const line = context.lineAt(context.pos, -1);
  const to = line.from + line.text.length;
  // Blank, deindented lines at the end of the block are not part of it.
  if (
    /^\s*($|#)/.test(line.text) &&
    context.node.to < to + 100 &&
    !/\S/.test(context.state.sliceDoc(to, context.node.to)) &&
    context.lineIndent(context.pos, -1) <= base
  )
    return null;
  // A deindenting keyword indented deeper than the block belongs to the next level.
  if (/^\s*(else:|elif |except |finally:|case\s+[^=:]+:)/.test(context.textAfter) && context.lineIndent(context.pos, -1) > base) return null;
  return base + context.unit;
}

export const pythonLanguage = LRLanguage.define({
  name: "python",
  parser: parser.configure({
    props: [
      indentNodeProp.add({
        Body: (context) => {
          const body = (/^\s*(#|$)/.test(context.textAfter) && innerBody(context)) || context.node;
          return indentBody(context, body) ?? context.continue();
        },
        MatchBody: (context) => indentBody(context, innerBody(context) || context.node) ?? context.continue(),
        IfStatement: (cx) => (/^\s*(else:|elif )/.test(cx.textAfter) ? cx.baseIndent : cx.continue()),
        "ForStatement WhileStatement": (cx) => (/^\s*else:/.test(cx.textAfter) ? cx.baseIndent : cx.continue()),
        TryStatement: (cx) => (/^\s*(except[ :]|finally:|else:)/.test(cx.textAfter) ? cx.baseIndent : cx.continue()),
        MatchStatement: (cx) => (/^\s*case /.test(cx.textAfter) ? cx.baseIndent + cx.unit : cx.continue()),
        "TupleExpression ComprehensionExpression ParamList ArgList ParenthesizedExpression": delimitedIndent({ closing: ")" }),
        "DictionaryExpression DictionaryComprehensionExpression SetExpression SetComprehensionExpression": delimitedIndent({ closing: "}" }),
        "ArrayExpression ArrayComprehensionExpression": delimitedIndent({ closing: "]" }),
        MemberExpression: (cx) => cx.baseIndent + cx.unit,
        "String FormatString": () => null,
        Script: (context) => {
          const inner = innerBody(context);
          return (inner && indentBody(context, inner)) ?? context.continue();
        },
      }),
      foldNodeProp.add({
        "ArrayExpression DictionaryExpression SetExpression TupleExpression": foldInside,
        Body: (node, state) => ({ from: node.from + 1, to: node.to - (node.to == state.doc.length ? 0 : 1) }),
        "String FormatString": (node, state) => ({ from: state.doc.lineAt(node.from).to, to: node.to }),
      }),
    ],
  }),
  languageData: {
    closeBrackets: {
      brackets: ["(", "[", "{", "'", '"', "'''", '"""'],
      stringPrefixes: ["f", "fr", "rf", "r", "u", "b", "br", "rb", "F", "FR", "RF", "R", "U", "B", "BR", "RB"],
    },
    commentTokens: { line: "#" },
    // Lines re-indented as these are typed.
    indentOnInput: /^\s*([\}\]\)]|else:|elif |except |finally:|case\s+[^:]*:?)$/,
  },
});
