// Memory of the tab as the benchmarks measure it: the resident memory (RSS)
// of every Chromium renderer process, which hold the page and its workers.
import { readFileSync, readdirSync } from 'node:fs';

/** RSS in MiB of every Chromium renderer process. */
export function rendererRss() {
  let kib = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      if (m) kib += Number(m[1]);
    } catch {
      // the process ended between listing and reading
    }
  }
  return kib / 1024;
}
