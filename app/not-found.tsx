import type { Metadata } from "next";
import { StatusPage } from "@/components/ui/status-page";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <StatusPage
      standalone
      code="404"
      title="This page does not exist"
      description="The address may be mistyped, or the page may have moved."
    />
  );
}
