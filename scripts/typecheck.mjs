#!/usr/bin/env node
// `npm run typecheck`: TypeScript's own diagnostics (what `tsc --noEmit` reports) and dropped promises,
// from one program over the files tsconfig.json names, so the type check runs once, not twice.
// A dropped promise is a statement that calls something returning a promise and neither awaits it,
// returns it, nor says `void` on purpose. The store is async (lib/db/tx.ts), so a service call
// without `await` is a write that may land after the answer was sent, or an error nobody sees;
// TypeScript alone does not catch it. `next typegen` runs first (package.json), so the route types
// Next generates under .next/types are checked too, as `next build` would check them.
import path from "node:path";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");
const configPath = ts.findConfigFile(root, ts.sys.fileExists, "tsconfig.json");
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => console.error(d.messageText) });
const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
const checker = program.getTypeChecker();

const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
if (diagnostics.length) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  console.error(`${diagnostics.length} TypeScript error(s)`);
  process.exit(1);
}

function isPromiseLike(type) {
  if (type.isUnion()) return type.types.some(isPromiseLike);
  const then = type.getProperty("then");
  if (!then) return false;
  const thenType = checker.getTypeOfSymbol(then);
  return thenType.getCallSignatures().length > 0;
}

// `p.catch(handler)` and `p.then(ok, fail)` handle their own rejection.
function handlesRejection(expr) {
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return false;
  const name = expr.expression.name.text;
  return name === "catch" || name === "finally" ? handlesRejection(expr.expression.expression) || name === "catch" : name === "then" && expr.arguments.length >= 2;
}

const findings = [];
for (const file of program.getSourceFiles()) {
  if (file.isDeclarationFile || file.fileName.includes("/node_modules/")) continue;
  const visit = (node) => {
    if (ts.isExpressionStatement(node)) {
      let expr = node.expression;
      while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
      const candidate = ts.isCallExpression(expr) || ts.isNewExpression(expr);
      if (candidate && !handlesRejection(expr) && isPromiseLike(checker.getTypeAtLocation(expr))) {
        const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
        findings.push(`${path.relative(root, file.fileName)}:${line + 1}:${character + 1}: ${node.getText(file).split("\n")[0].slice(0, 100)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

if (findings.length) {
  console.error(`${findings.length} promise(s) neither awaited, returned, nor marked \`void\`:\n${findings.join("\n")}`);
  process.exit(1);
}
console.log(`typecheck: ${config.fileNames.length} files, no TypeScript errors, no floating promises`);
