// One line per event on stdout/stderr. Callers pass values that are safe to print: never a secret.
type Level = "info" | "warn" | "error";

// The CLI keeps stdout for its answer (a token, a count), so it sends every log line to stderr.
let allToStderr = false;
export function sendLogsToStderr(): void {
  allToStderr = true;
}

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${
    fields && Object.keys(fields).length ? " " + JSON.stringify(fields) : ""
  }`;
  if (level === "error" || allToStderr) console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export const log = {
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
