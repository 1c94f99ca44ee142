"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SectionHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { auditSearchParams, useAuditEvents } from "@/lib/audit/queries";
import { AuditFiltersForm } from "./audit-filters";
import { AuditTable } from "./audit-table";
import { filtersFromSearchParams, type AuditUrlFilters } from "./audit-url";

export function AuditView() {
  const pathname = usePathname();
  const query = useSearchParams().toString();
  const filters = filtersFromSearchParams(new URLSearchParams(query));
  const audit = useAuditEvents(filters);

  // The text and date inputs are uncontrolled. When the URL changes under them (Clear, Back/Forward),
  // re-mount them once the new search params have arrived, so they show the new values.
  const [formKey, setFormKey] = useState(0);
  const resync = useRef(false);
  useEffect(() => {
    if (!resync.current) return;
    resync.current = false;
    setFormKey((k) => k + 1);
  }, [query]);
  useEffect(() => {
    const onPopState = () => {
      resync.current = true;
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const navigate = (next: AuditUrlFilters, mode: "push" | "replace") => {
    const query = auditSearchParams({ ...next, page: next.page > 1 ? next.page : undefined }).toString();
    const url = query ? `${pathname}?${query}` : pathname;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  };

  const applyFilters = (patch: Partial<Omit<AuditUrlFilters, "page">>) => navigate({ ...filters, ...patch, page: 1 }, "replace");
  const goToPage = (page: number) => navigate({ ...filters, page }, "push");
  const clearFilters = () => {
    resync.current = true;
    navigate({ page: 1 }, "replace");
  };
  const filtered = Boolean(filters.action || filters.actor || filters.target || filters.from || filters.to);

  const data = audit.data;
  const totalPages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <section>
      <SectionHeader
        title="Audit log"
        description="Who did what, and when: sign-ins, changes to users, tokens and settings. Times are in your local time zone."
      />
      <AuditFiltersForm
        key={formKey}
        filters={filters}
        actions={data?.actions ?? []}
        onChange={applyFilters}
        onClear={filtered ? clearFilters : undefined}
      />

      <div className="mt-4">
        {audit.isPending ? (
          <TableSkeleton rows={8} columns={6} />
        ) : audit.isError && !data ? (
          <ErrorState error={audit.error} onRetry={() => audit.refetch()} retrying={audit.isFetching} />
        ) : data && data.total === 0 ? (
          <EmptyState
            title={filtered ? "No events match these filters" : "No events yet"}
            description={
              filtered
                ? "Try a wider time range or fewer filters."
                : "Sign-ins and every change to users, tokens and settings will show up here."
            }
            action={
              filtered ? (
                <Button variant="secondary" onClick={clearFilters}>
                  Clear filters
                </Button>
              ) : undefined
            }
          />
        ) : data ? (
          <>
            {audit.isError ? (
              <ErrorState error={audit.error} onRetry={() => audit.refetch()} retrying={audit.isFetching} />
            ) : null}
            <div className={audit.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
              {data.events.length === 0 ? (
                <EmptyState
                  title="Nothing on this page"
                  description="There are fewer events than this page number."
                  action={
                    <Button variant="secondary" onClick={() => goToPage(1)}>
                      Go to the first page
                    </Button>
                  }
                />
              ) : (
                <AuditTable events={data.events} />
              )}
            </div>
            <div className="mt-4 flex items-center justify-between gap-4 text-sm text-zinc-600 dark:text-zinc-400">
              <p aria-live="polite" className="flex items-center gap-2">
                Page {data.page} of {totalPages} · {data.total} {data.total === 1 ? "event" : "events"}
                {audit.isFetching ? <Spinner className="size-3.5" label="Updating" /> : null}
              </p>
              <div className="flex gap-2">
                <Button variant="secondary" size="sm" disabled={filters.page <= 1} onClick={() => goToPage(Math.min(filters.page, totalPages) - 1)}>
                  Previous
                </Button>
                <Button variant="secondary" size="sm" disabled={filters.page >= totalPages} onClick={() => goToPage(filters.page + 1)}>
                  Next
                </Button>
              </div>
            </div>
          </>
        ) : null}
      </div>
    </section>
  );
}
