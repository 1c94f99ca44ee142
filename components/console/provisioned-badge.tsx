import { Badge } from "@/components/ui/badge";

/** Marks an object a PROVISIONING_DIR file declares: read-only here, with the reason and the file. */
export function ProvisionedBadge({ file }: { file: string }) {
  return (
    <span className="inline-flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
      <Badge tone="warning">Provisioned</Badge>
      <span>
        Read-only: declared in <code className="font-mono">{file}</code> (PROVISIONING_DIR). Change that file to change it.
      </span>
    </span>
  );
}
