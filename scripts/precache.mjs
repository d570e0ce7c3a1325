#!/usr/bin/env node
// Trunk's post_build hook (Trunk.toml): writes into the built sw.js the list
// of every file of this build with its SHA-256, and a version derived from
// that list, so the service worker caches exactly this build and any change
// to any file makes a new version (static/sw.js says how it is used).
//
//   node scripts/precache.mjs [DIR]     DIR: the built site (default: Trunk's
//                                        staging folder, then dist/)
//
// Running it again on the same folder gives the same sw.js.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const SW = 'sw.js';
const BEGIN = '/* precache: begin */';
const END = '/* precache: end */';

function walk(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.isFile() ? [path] : [];
  });
}

const files = {};
for (const path of walk(dir)) {
  const name = relative(dir, path).split(sep).join('/');
  if (name === SW) continue;
  // The pretrained network (9 MB) is fetched only when a learner asks for
  // transfer learning, never with the lesson: not precached.
  if (name.startsWith('pretrained/')) continue;
  files[name] = createHash('sha256').update(readFileSync(path)).digest('hex');
}
const names = Object.keys(files).sort();
if (!names.includes('index.html')) {
  console.error(`precache: ${dir} has no index.html; is it a built site?`);
  process.exit(1);
}
const sorted = Object.fromEntries(names.map((n) => [n, files[n]]));
const list = names.map((n) => `${files[n]}  ${n}\n`).join('');
const version = createHash('sha256').update(list).digest('hex').slice(0, 16);

const swPath = join(dir, SW);
const source = readFileSync(swPath, 'utf8');
const from = source.indexOf(BEGIN);
const to = source.indexOf(END);
if (from < 0 || to < from) {
  console.error(`precache: ${swPath} lacks the markers ${BEGIN} … ${END}`);
  process.exit(1);
}
const build = JSON.stringify({ version, files: sorted }, null, 2);
writeFileSync(swPath, `${source.slice(0, from + BEGIN.length)} ${build} ${source.slice(to)}`);
console.log(`precache: ${names.length} files, version ${version}`);
