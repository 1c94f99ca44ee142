import type { Role } from "@/lib/auth/roles";
import { Badge, type BadgeTone } from "./badge";

const ROLE_TONE: Record<Role, BadgeTone> = { admin: "accent", editor: "success", viewer: "neutral" };

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={ROLE_TONE[role]}>{role}</Badge>;
}
