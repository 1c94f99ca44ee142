import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./input";

/** A native <select>, styled like the inputs. */
export function Select({ className, children, ...props }: ComponentProps<"select">) {
  return (
    <select className={cn(controlClasses, "h-9 pr-2", className)} {...props}>
      {children}
    </select>
  );
}
