import { Badge } from "@/components/ui/badge";

/** Whether the sandbox login has a session on its server now (null: the server could not be asked). */
export function InUseBadge({ inUse }: { inUse: boolean | null }) {
  if (inUse === null) return <Badge tone="warning">Unknown</Badge>;
  return inUse ? <Badge tone="accent">In use</Badge> : <Badge>Idle</Badge>;
}
