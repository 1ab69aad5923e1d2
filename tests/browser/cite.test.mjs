// Browser test of "Cite this brief" on the `cite` fixture, in both themes: cite.js makes the
// BibTeX, RIS and CSL-JSON of each brief from its page's record and JSON-LD, and what it shows,
// copies and saves is, byte for byte, what the files of tests/fixtures/cite/expected/ hold
// (the integration test `cite_records` checks those files against Chancery's Rust writers).
// Without JavaScript the empty record blocks are hidden and the reference stays. The
// fixture's base URL is the loopback address the test serves it on (the records hold it).
// Usage: node tests/browser/cite.test.mjs PATH/TO/chancery

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { check, chromiumArgs, serveDir, steps } from "./lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const binary = path.resolve(process.argv[2] || path.join(repo, "target/release/chancery"));
const fixture = path.join(repo, "tests/fixtures/cite");
const expected = path.join(fixture, "expected");
const { step, finish } = steps();

const work = fs.mkdtempSync(path.join(os.tmpdir(), "chancery-cite-"));
const sites = {};
for (const theme of ["default", "briefing-room"]) {
  const site = path.join(work, theme);
  fs.cpSync(path.join(fixture, "content"), path.join(site, "content"), { recursive: true });
  const config = fs.readFileSync(path.join(fixture, "site.yaml"), "utf8").replace(/^theme: default$/m, `theme: ${theme}`);
  check(config.includes(`theme: ${theme}\n`), `site.yaml names no theme ${theme}`);
  fs.writeFileSync(path.join(site, "site.yaml"), config);
  const built = spawnSync(binary, ["build", "--root", site], { encoding: "utf8" });
  if (built.status !== 0) {
    console.log(`FAIL build (${theme})\n${built.stderr}`);
    process.exit(1);
  }
  sites[theme] = path.join(site, "public");
}

const slugs = fs.readdirSync(path.join(fixture, "content/briefs")).map((f) => f.replace(/\.md$/, "")).sort();
const formats = [
  { cite: "bibtex", file: (slug) => `${slug}.bib` },
  { cite: "ris", file: (slug) => `${slug}.ris` },
  { cite: "csl", file: (slug) => `${slug}-citation.json` },
];

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
try {
  for (const [theme, dir] of Object.entries(sites)) {
    const server = await serveDir(dir);
    const context = await browser.newContext({ acceptDownloads: true });
    // The clipboard of a headless browser cannot be read back: keep what is written to it.
    await context.addInitScript(() => {
      window.__copied = [];
      Object.defineProperty(navigator, "clipboard", {
        value: { writeText: (text) => { window.__copied.push(text); return Promise.resolve(); } },
      });
    });
    const page = await context.newPage();
    for (const slug of slugs) {
      await page.goto(`${server.url}briefs/${slug}/`, { waitUntil: "load" });
      for (const f of formats) {
        const name = f.file(slug);
        const want = fs.readFileSync(path.join(expected, name));
        const pre = `pre[data-cite="${f.cite}"]`;
        await step(`${theme}: ${name} shown, copied and saved as Chancery writes it`, async () => {
          const details = page.locator(`details:has(${pre})`);
          await details.locator("summary").click();
          const shown = await page.textContent(`${pre} code`);
          const wantText = want.toString("utf8").replace(/\r\n/g, "\n");
          check(shown === wantText.trim(), `shown:\n${shown}\nexpected:\n${wantText}`);
          const buttons = page.locator(`${pre} + .copy-bar button`);
          check((await buttons.count()) === 2, "no Copy and Download buttons");
          await buttons.nth(0).click();
          const copied = await page.evaluate(() => window.__copied[window.__copied.length - 1]);
          check(copied === wantText, `copied:\n${JSON.stringify(copied)}\nexpected:\n${JSON.stringify(wantText)}`);
          const [download] = await Promise.all([page.waitForEvent("download"), buttons.nth(1).click()]);
          check(download.suggestedFilename() === name, download.suggestedFilename());
          const saved = fs.readFileSync(await download.path());
          check(saved.equals(want), `saved:\n${JSON.stringify(saved.toString("utf8"))}\nexpected:\n${JSON.stringify(want.toString("utf8"))}`);
          await details.locator("summary").click();
        });
      }
    }
    await context.close();

    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const bare = await noScript.newPage();
    await step(`${theme}: without JavaScript the reference stays and the empty blocks are hidden`, async () => {
      await bare.goto(`${server.url}briefs/${slugs[0]}/`, { waitUntil: "load" });
      check(await bare.isVisible("[data-copy=reference]"), "the reference is hidden");
      for (const f of formats) {
        check(!(await bare.isVisible(`details:has(pre[data-cite="${f.cite}"]) summary`)), `the ${f.cite} block shows`);
      }
    });
    await noScript.close();
    server.close();
  }
} finally {
  await browser.close();
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(finish());
