import fs from "node:fs";
import { buildBundle, bundleText } from "@/lib/bundle/export";
import { importBundle, parseBundle, parseSecrets } from "@/lib/bundle/import";
import { startWorker } from "@/lib/jobs/worker";
import { CliError, prepare, type Command } from "./command";

// `switchyard export` / `switchyard import FILE --secrets FILE`: the same bundle code as
// GET /api/export and POST /api/import, straight on the store (as the other commands are).

const read = (file: string, flag: string) => {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`${flag}: cannot read ${file}: ${(e as Error).message}`, 2);
  }
};

export const bundleCommands: Record<string, Command> = {
  export: {
    usage: "[--out FILE] [--connections all|none|a,b] [--databases all|none|a,b] [--feeds all|none|a,b] [--format yaml|json]",
    options: { out: { type: "string" }, connections: { type: "string" }, databases: { type: "string" }, feeds: { type: "string" }, format: { type: "string" } },
    async run(values) {
      await prepare();
      const format = values.format === "json" ? "json" : values.format === undefined || values.format === "yaml" ? "yaml" : null;
      if (!format) throw new CliError("--format: use yaml or json", 2);
      const text = bundleText(await buildBundle({ connections: String(values.connections ?? "all"), databases: String(values.databases ?? "all"), feeds: String(values.feeds ?? "all") }), format);
      if (typeof values.out === "string") fs.writeFileSync(values.out, text, { mode: 0o644 });
      else process.stdout.write(text);
    },
  },
  import: {
    usage: "FILE [--secrets FILE] [--dry-run] [--no-test]",
    options: { secrets: { type: "string" }, "dry-run": { type: "boolean" }, "no-test": { type: "boolean" } },
    positional: "file",
    async run(values) {
      if (typeof values.file !== "string") throw new CliError("FILE is required: switchyard import bundle.yaml --secrets secrets.yaml", 2);
      const bundle = parseBundle(read(values.file, "FILE"));
      const secrets = parseSecrets(typeof values.secrets === "string" ? read(values.secrets, "--secrets") : undefined);
      const actor = await prepare();
      const testFeeds = !values["no-test"];
      // Test runs are jobs of the interactive lane: this command runs them itself, so an import tests
      // its feeds with no server or worker running. It is a worker like any other meanwhile: a test
      // someone else started that it claimed is let finish, not stopped, when the import is done.
      const worker = testFeeds && !values["dry-run"] ? startWorker({ concurrency: 0 }) : null;
      const result = await importBundle(actor, bundle, secrets, { dryRun: Boolean(values["dry-run"]), testFeeds }).finally(() => worker?.stop({ abort: false }));
      for (const o of result.objects) {
        console.log(`${result.dryRun ? "would " : ""}${o.action} ${o.type} ${o.name}${o.changes.length ? ` (${o.changes.join(", ")})` : ""}${o.note ? ` - ${o.note}` : ""}${o.activation ? ` - ${o.activation.message}` : ""}`);
        if (o.webhookSecret) console.log(`  webhook secret of ${o.name} (shown once): ${o.webhookSecret}`);
      }
      if (!result.valid) {
        for (const e of result.errors) console.error(`${e.object}.${e.field}: ${e.message}`);
        throw new CliError(`nothing was imported: ${result.errors.length} problem(s)`, 1);
      }
    },
  },
};
