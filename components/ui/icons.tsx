import type { ComponentProps } from "react";

// The console's icons, by what they mean here. They are lucide's (named imports, so the bundler
// keeps only the icons used); consumers import these names, so swapping an icon is one line.
export {
  ArrowLeft as ArrowLeftIcon,
  CircleAlert as AlertIcon,
  CircleCheck as CheckCircleIcon,
  CirclePause as PauseCircleIcon,
  CircleX as XCircleIcon,
  ChevronDown as ChevronDownIcon,
  ChevronRight as ChevronRightIcon,
  Copy as CopyIcon,
  Database as DatabaseIcon,
  DatabaseSearch as DatabasesNavIcon,
  Eye as EyeIcon,
  EyeOff as EyeOffIcon,
  House as HomeIcon,
  Inbox as InboxIcon,
  KeyRound as KeyIcon,
  Menu as MenuIcon,
  Pencil as PencilIcon,
  Plug as PlugIcon,
  Plus as PlusIcon,
  RefreshCw as RefreshIcon,
  Rss as FeedIcon,
  Search as SearchIcon,
  Server as ServerIcon,
  Settings as SettingsIcon,
  Table as TableIcon,
  Trash2 as TrashIcon,
  X as XIcon,
  Zap as ZapIcon,
} from "lucide-react";

/** The Switchyard mark: two tracks meeting at a switch (also app/icon.svg). Ours, so not lucide's. */
export function LogoIcon(props: ComponentProps<"svg">) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2.25}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      {...props}
    >
      <path d="M4 20V4M20 20v-6c0-4-4-6-8-6H4" />
      <path d="M4 14h6" />
    </svg>
  );
}
