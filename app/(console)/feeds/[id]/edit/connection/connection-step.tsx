"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "@/components/ui/toast";
import { AUTH_TYPE_LABEL } from "@/components/connections/connection-labels";
import { StepSection } from "@/components/feeds/wizard/step-section";
import { stepHref } from "@/components/feeds/wizard/steps";
import { WizardFooter } from "@/components/feeds/wizard/wizard-footer";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { PlusIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiClientError, errorMessage } from "@/lib/api-client";
import { useConnections, useDeleteConnection, useRestConnection, type RestConnectionOut } from "@/lib/connections/queries";
import { useFeed, useUpdateFeed } from "@/lib/feeds/queries";
import type { FeedOut } from "@/lib/feeds/schemas";
import { SelectedConnection } from "./selected-connection";

// The connection form (with zod) is fetched when New connection or Edit is pressed (or pointed at),
// not with the page.
const loadDialog = () => import("@/components/connections/rest-connection-dialog");
const RestConnectionDialog = dynamic(() => loadDialog().then((m) => m.RestConnectionDialog), { ssr: false });
const preloadDialog = () => void loadDialog();

const authLabel = (t: string) => AUTH_TYPE_LABEL[t as keyof typeof AUTH_TYPE_LABEL] ?? t;

export function ConnectionStep({ initialFeed }: { initialFeed: FeedOut }) {
  const router = useRouter();
  const { data: feed = initialFeed } = useFeed(initialFeed.id, { initialData: initialFeed });
  const connections = useConnections({ kind: "rest" });
  const update = useUpdateFeed();
  const remove = useDeleteConnection();
  const [selected, setSelected] = useState<string>(feed.connectionId ?? "");
  const [error, setError] = useState<string | undefined>();
  const [dialog, setDialog] = useState<"new" | "edit" | "delete" | null>(null);
  const detail = useRestConnection(dialog === "edit" ? selected : null);
  const current = connections.data?.find((c) => c.id === selected);

  const choose = (id: string) => {
    setSelected(id);
    setError(undefined);
  };

  const onDelete = () => {
    if (!current) return;
    remove.mutate(current.id, {
      onSuccess: () => {
        toast.success(`Connection ${current.name} deleted`);
        choose("");
        setDialog(null);
      },
      onError: (err) => {
        // 409 names the feeds still using it.
        toast.error(errorMessage(err));
        setDialog(null);
      },
    });
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!selected) return setError("Select a connection, or create one with New connection");
    try {
      await update.mutateAsync({ id: feed.id, connectionId: selected, ...(feed.status === "draft" ? { wizardStep: "import" as const } : {}) });
      router.push(stepHref(feed.id, "import"));
    } catch (err) {
      if (err instanceof ApiClientError && err.fields.connectionId) setError(err.fields.connectionId);
      else toast.error(errorMessage(err));
    }
  };

  return (
    <>
      <form id="connection-step" onSubmit={onSubmit} noValidate>
        <StepSection
          title="Connection"
          description="Use an existing REST connection as it is, edit it, or create a new one. The connection tells the fetch script how to reach the API and sign in to it."
        >
          {connections.isPending ? (
            <div className="space-y-2" role="status" aria-label="Loading connections">
              <Skeleton className="h-4 w-32" />
              <Skeleton className="h-9 w-full" />
            </div>
          ) : connections.isError ? (
            <ErrorState error={connections.error} onRetry={() => connections.refetch()} retrying={connections.isFetching} />
          ) : (
            <div className="space-y-5">
              <Field
                label="Select Connection"
                error={error}
                description={connections.data.length === 0 ? "No REST connections yet: create the first one." : "Connections already set up in this workspace."}
              >
                {(control) => (
                  <div className="flex gap-3">
                    <Select {...control} value={selected} onChange={(e) => choose(e.target.value)} className="flex-1">
                      <option value="">Choose a connection…</option>
                      {connections.data.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name} · {authLabel(c.detail)}
                        </option>
                      ))}
                    </Select>
                    <Button variant="secondary" onClick={() => setDialog("new")} onPointerEnter={preloadDialog} onFocus={preloadDialog}>
                      <PlusIcon className="size-4" />
                      New connection
                    </Button>
                  </div>
                )}
              </Field>
              {current ? (
                <SelectedConnection
                  connection={current}
                  authLabel={authLabel(current.detail)}
                  onEdit={() => setDialog("edit")}
                  loadingEdit={dialog === "edit" && detail.isPending}
                  onDelete={() => setDialog("delete")}
                />
              ) : null}
            </div>
          )}
        </StepSection>
      </form>

      <WizardFooter form="connection-step" pending={update.isPending} />

      {dialog === "new" ? <RestConnectionDialog open onClose={() => setDialog(null)} onSaved={(c: RestConnectionOut) => choose(c.id)} /> : null}
      {dialog === "edit" && detail.data ? (
        <RestConnectionDialog open onClose={() => setDialog(null)} connection={detail.data} onSaved={(c: RestConnectionOut) => choose(c.id)} />
      ) : null}
      <ConfirmDialog
        open={dialog === "delete"}
        title={`Delete ${current?.name ?? "connection"}?`}
        description="Its saved credentials are erased. Feeds still using it keep it from being deleted."
        confirmLabel="Delete connection"
        pending={remove.isPending}
        onConfirm={onDelete}
        onCancel={() => setDialog(null)}
      />
    </>
  );
}
