import type { FeedOut } from "@/lib/feeds/schemas";

// Peak's template for a new fetch script: the imports and the ### comment block, then your logic.
const PYTHON = `import requests
from lib import outputStream, metadata

### Write your fetch logic below.
### The feed run details can be saved in the metadata object as follows:
### metadata.save(object)
### This variable can be utilised during API calls in order to fetch data incrementally.
### metadata will be an empty object {} initially.
### The outputStream variable can be used as follows:
### outputStream.write(obj)

`;

// The same template for JavaScript (an ES module; top-level await and fetch are available).
const JAVASCRIPT = `import { outputStream, metadata } from "lib";

/// Write your fetch logic below.
/// The feed run details can be saved in the metadata object as follows:
/// metadata.save(object)
/// This variable can be utilised during API calls in order to fetch data incrementally.
/// metadata will be an empty object {} initially.
/// The outputStream variable can be used as follows:
/// outputStream.write(obj)

`;

export const SCRIPT_TEMPLATES: Record<FeedOut["language"], string> = { python: PYTHON, javascript: JAVASCRIPT };

/** True when the script is empty or still one of the templates, so switching language may replace it. */
export function isTemplate(script: string): boolean {
  const trimmed = script.trim();
  return trimmed === "" || Object.values(SCRIPT_TEMPLATES).some((t) => t.trim() === trimmed);
}
