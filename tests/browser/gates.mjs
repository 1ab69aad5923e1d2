// Quality gates over a built site (run by .ci/run after `cargo test`):
//   1. every HTML page is valid HTML5: the Nu Html Checker reports zero errors;
//   2. accessibility: axe-core in a real Chromium reports no serious or critical
//      violation on the key pages, in light and dark colour schemes.
// Usage: node tests/browser/gates.mjs PUBLIC_DIR [PAGES]
// PAGES, comma-separated paths, replaces the key pages of the repository's site (for the
// fixture sites the run script also checks).
// Internal links and anchors are checked by `cargo test` (at the root and under a sub-path).

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serveDir, chromiumArgs } from "./lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const publicDir = path.resolve(process.argv[2] || "public");
let passed = 0;
let failed = 0;

function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}\n${detail}`);
  }
}

// 1. HTML validity.
const vnu = path.join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
const result = spawnSync("java", ["-jar", vnu, "--errors-only", "--skip-non-html", "--also-check-css", publicDir], {
  encoding: "utf8",
});
check("Nu Html Checker: zero errors over public/", result.status === 0, (result.stderr || "") + (result.stdout || ""));

// 2. Accessibility.
const server = await serveDir(publicDir);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
try {
  const page = await browser.newPage();
  const pages = process.argv[3] ? process.argv[3].split(",") : await keyPages(page, server.url);
  const axeSource = require.resolve("axe-core/axe.min.js");
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const rel of pages) {
      await page.goto(server.url + rel, { waitUntil: "load" });
      await page.waitForTimeout(rel.startsWith("search") ? 300 : 0);
      await page.addScriptTag({ path: axeSource });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `  ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")})`);
      });
      check(`axe (${scheme}) /${rel}: no serious or critical violation`, violations.length === 0, violations.join("\n"));
    }
  }
} finally {
  await browser.close();
  server.close();
}

// The key pages of the repository's site: the front pages, the first brief, timeline part
// and summaries part each front page links to, search, 404, the change notes and the
// brief with a change note.
async function keyPages(page, url) {
  await page.goto(`${url}briefs/`);
  const brief = await page.$eval("main a[href*='/briefs/'][href$='/']:not([href$='/briefs/'])", (a) => a.getAttribute("href"));
  // One part of the timeline and of the summaries too: the first each front page links to.
  await page.goto(`${url}timeline/`);
  const timelinePart = await page.$eval("main a[href*='/timeline/'][href$='/']:not([href$='/timeline/'])", (a) => a.getAttribute("href"));
  await page.goto(`${url}summaries/`);
  const summariesPart = await page.$eval("main a[href*='/summaries/'][href$='/']:not([href$='/summaries/'])", (a) => a.getAttribute("href"));
  return ["", "briefs/", brief.replace(/^\//, ""), "summaries/", summariesPart.replace(/^\//, ""), "timeline/", timelinePart.replace(/^\//, ""), "search/?q=digital", "404.html", "updates/", "briefs/us-holistic-digital-diplomacy/"];
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
