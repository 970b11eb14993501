// Finds pipelines into readers that may exit before their input ends (`grep -q`, `grep -m`, `head`,
// `sed …q`). Under `set -o pipefail` the writer then dies of SIGPIPE (exit 141) and a correct command
// fails at random — the bug that broke a fresh `make setup` on `kubectl version | grep -q`. Capture
// the output first and test the captured text instead.

/** One early-closing reader per alternative, matched after a `|` that is not `||`. */
const EARLY_READER =
  /(?<![|])\|(?![|])\s*(grep\s+(-\w*[qm]\w*|--quiet|--max-count)\b|head\b|sed\s+(-n\s+)?['"]?[^'"]*\bq\b)/;

export interface PipeFinding {
  line: number;
  text: string;
}

/** The lines of a shell script (comments stripped) that pipe into an early-closing reader. */
export function earlyClosingPipes(script: string): PipeFinding[] {
  const found: PipeFinding[] = [];
  script.split('\n').forEach((raw, i) => {
    const code = raw.replace(/(^|\s)#.*$/, '');
    if (EARLY_READER.test(code)) found.push({ line: i + 1, text: raw.trim() });
  });
  return found;
}
