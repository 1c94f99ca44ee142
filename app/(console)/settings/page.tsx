import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";

export default async function SettingsIndex() {
  const user = await requirePageUser("viewer");
  redirect(user.role === "admin" ? "/settings/general" : "/settings/account");
}
