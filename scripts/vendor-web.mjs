// Copies the website's libraries (i18next with ICU messages; d3 and Observable Plot for the charts) from node_modules (pinned in package.json/package-lock.json) into
// web/vendor/, as ES modules the pages import from their own origin: no CDN, no build step. The copies
// are committed, so DevHost, ./run and the static web app deployment serve them as they are; a test
// (VendoredLibrariesTests) fails when they differ from what this script would write.
// Usage: npm run vendor-web   (after npm ci)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "web", "vendor");
const version = name => JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;
const read = path => readFileSync(join(modules, path), "utf8");

const files = {
  // i18next's own ES module build has no imports.
  "i18next.js": read("i18next/dist/esm/i18next.js"),
  // intl-messageformat's single-file build (with its parser) is an ES module with exports.
  "intl-messageformat.js": read("intl-messageformat/intl-messageformat.iife.js").replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"),
  // i18next-icu imports the bare name 'intl-messageformat', which a browser cannot resolve without an
  // import map (an inline script, which the pages' CSP forbids): point it at the copy above.
  "i18next-icu/index.js": read("i18next-icu/dist/es/index.js").replace("from 'intl-messageformat'", "from '../intl-messageformat.js'"),
  "i18next-icu/utils.js": read("i18next-icu/dist/es/utils.js"),
  // Observable Plot draws the results pages' charts (box plots, bars) as SVG. Its UMD build reads the global
  // d3 that d3's UMD build sets: run as ES modules (where `this` is undefined, so both fall back to
  // globalThis), d3.js runs first through plot.js's import, and each module exports what it set.
  "d3.js": read("d3/dist/d3.min.js") + "\nexport default globalThis.d3;\n",
  "plot.js": 'import "./d3.js";\n' + read("@observablehq/plot/dist/plot.umd.min.js") + "\nexport default globalThis.Plot;\n",
  "LICENSE-d3.txt": read("d3/LICENSE"),
  "LICENSE-plot.txt": read("@observablehq/plot/LICENSE"),
  "LICENSE-i18next.txt": read("i18next/LICENSE"),
  "LICENSE-i18next-icu.txt": read("i18next-icu/LICENSE"),
  "LICENSE-intl-messageformat.txt": read("intl-messageformat/LICENSE.md"),
  "VERSIONS.txt": ["i18next", "i18next-icu", "intl-messageformat", "d3", "@observablehq/plot"].map(n => `${n} ${version(n)}\n`).join(""),
};
if (!files["plot.js"].includes(".Plot=t.Plot||{},t.d3)")) throw new Error("Observable Plot's UMD build no longer reads the global d3 as expected");
if (!files["i18next-icu/index.js"].includes("'../intl-messageformat.js'")) throw new Error("i18next-icu no longer imports 'intl-messageformat' as expected");
for (const [name, text] of Object.entries(files)) {
  mkdirSync(dirname(join(out, name)), { recursive: true });
  writeFileSync(join(out, name), text);
}
console.log(`web/vendor: ${Object.keys(files).length} files`);
