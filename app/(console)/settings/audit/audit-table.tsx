import { Fragment } from "react";
import { Badge } from "@/components/ui/badge";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { AuditEventOut } from "@/lib/audit/schemas";

const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

/** Lets long emails wrap before the "@" rather than at an arbitrary letter. */
function breakable(text: string) {
  return text.split(/(?=@)/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 ? <wbr /> : null}
      {part}
    </Fragment>
  ));
}

const muted = <span className="text-zinc-400 dark:text-zinc-500">—</span>;

function target(event: AuditEventOut) {
  const label = event.targetLabel ?? event.targetId;
  if (!label) return muted;
  return (
    <span className="wrap-break-word">
      {event.targetType ? <span className="text-zinc-400 dark:text-zinc-500">{event.targetType} </span> : null}
      {breakable(label)}
    </span>
  );
}

export function AuditTable({ events }: { events: AuditEventOut[] }) {
  return (
    <Table>
      <THead>
        <tr>
          <Th>Time</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>IP</Th>
          <Th>Summary</Th>
        </tr>
      </THead>
      <TBody>
        {events.map((event) => (
          <Tr key={event.id}>
            <Td className="whitespace-nowrap text-zinc-600 tabular-nums dark:text-zinc-400">
              <time dateTime={event.at} title={event.at} className="flex flex-col">
                <span>{day.format(new Date(event.at))}</span>
                <span className="text-xs text-zinc-500">{clock.format(new Date(event.at))}</span>
              </time>
            </Td>
            <Td className="max-w-60 min-w-32">
              <span className="block wrap-break-word" title={event.actorLabel}>
                {breakable(event.actorLabel)}
              </span>
              {event.actorType !== "user" ? <span className="text-xs text-zinc-500 dark:text-zinc-400">{event.actorType}</span> : null}
            </Td>
            <Td className="whitespace-nowrap">
              <Badge tone={event.action.includes("fail") ? "danger" : "neutral"} className="font-mono">
                {event.action}
              </Badge>
            </Td>
            <Td className="max-w-60 min-w-32">{target(event)}</Td>
            <Td className="font-mono text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">{event.ip ?? muted}</Td>
            {/* max-w-0 + w-full: the summary takes whatever width is left and truncates. */}
            <Td className="w-full max-w-0 min-w-40">
              {event.summary ? (
                <span className="block truncate font-mono text-xs text-zinc-600 dark:text-zinc-400" title={event.summary}>
                  {event.summary}
                </span>
              ) : (
                muted
              )}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
