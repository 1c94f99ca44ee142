import { StatusPage } from "@/components/ui/status-page";

export default function Forbidden() {
  return (
    <StatusPage
      code="403"
      title="You don't have access to this page"
      description="Your role does not allow this. Ask a workspace admin if you think you should have access."
    />
  );
}
