"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { MenuIcon, XIcon } from "@/components/ui/icons";

/**
 * Under 1024 px the sidebar hides behind a menu button and opens as a drawer. The drawer is a
 * native modal <dialog>: showModal() gives the focus trap, Esc and the inert page behind it, and
 * closing returns focus to the button. It closes on navigation and on a click outside it.
 */
export function MobileNav({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  const pathname = usePathname();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  // A link in the drawer was followed (or the page changed otherwise): the drawer has done its job.
  useEffect(() => setOpen(false), [pathname]);

  // Opened at a phone's width, then the window grew past the breakpoint: no modal left over.
  useEffect(() => {
    const wide = window.matchMedia("(min-width: 1024px)");
    const onChange = () => wide.matches && setOpen(false);
    wide.addEventListener("change", onChange);
    return () => wide.removeEventListener("change", onChange);
  }, []);

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label="Open menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        className="-ml-1.5 rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 lg:hidden dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <MenuIcon className="size-5" />
      </button>
      <dialog
        ref={ref}
        aria-label="Menu"
        onClose={() => setOpen(false)}
        // A click on the backdrop lands on the <dialog> itself (its content covers the rest).
        onClick={(e) => e.target === e.currentTarget && setOpen(false)}
        className="m-0 h-dvh max-h-none w-72 max-w-[85vw] border-r border-zinc-200 bg-zinc-50 p-0 text-zinc-900 shadow-2xl lg:hidden dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {open ? (
          <div className="relative flex h-full flex-col">
            {children}
            <button
              type="button"
              onClick={() => setOpen(false)}
              aria-label="Close menu"
              className="absolute top-3.5 right-3 rounded-md p-1.5 text-zinc-500 hover:bg-zinc-200/60 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
            >
              <XIcon className="size-4" />
            </button>
          </div>
        ) : null}
      </dialog>
    </>
  );
}
