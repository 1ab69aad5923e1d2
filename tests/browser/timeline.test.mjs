// Browser test of the partitioned timeline on the `basic` fixture: on the overview the topic
// filter shows each year's count for the chosen topic and hides years without it; the links
// to the parts carry the choice, and a part opened through one is narrowed to that topic, its
// strip's marks dimmed where none of their entries has it.
// Usage: node tests/browser/timeline.test.mjs PATH/TO/chancery

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
const { step, finish } = steps();

const site = fs.mkdtempSync(path.join(os.tmpdir(), "chancery-timeline-"));
fs.cpSync(path.join(repo, "tests/fixtures/basic"), site, { recursive: true });
fs.cpSync(path.join(repo, "themes"), path.join(site, "themes"), { recursive: true });
const built = spawnSync(binary, ["build", "--root", site, "--base-url", "http://127.0.0.1/"], { encoding: "utf8" });
if (built.status !== 0) {
  console.log(`FAIL build\n${built.stderr}`);
  process.exit(1);
}
const server = await serveDir(path.join(site, "public"));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}timeline/`, { waitUntil: "load" });
  const years = () =>
    page.$$eval("li[data-tl-year]", (items) =>
      items.map((li) => ({ year: li.querySelector("a").textContent.trim(), hidden: li.hidden, count: li.querySelector("[data-tl-count]").textContent.trim() })),
    );

  await step("the overview shows its filter and every year's count", async () => {
    check(await page.isVisible("form[data-timeline-filter]"), "the filter form stays hidden");
    const all = await years();
    check(all.map((y) => `${y.year}:${y.count}`).join(" ") === "2023:4 2022:1 2021:1", JSON.stringify(all));
  });

  await step("choosing a topic shows each year's count for it and hides years without it", async () => {
    await page.selectOption("form[data-timeline-filter] select", "testing");
    const shown = await years();
    check(shown.map((y) => `${y.year}:${y.count}:${y.hidden}`).join(" ") === "2023:4:false 2022:1:false 2021:0:true", JSON.stringify(shown));
    const status = await page.textContent("[data-timeline-status]");
    check(/5 entries for Testing/.test(status), status);
  });

  await step("the links to the parts carry the topic, and a part opened through one is narrowed", async () => {
    await page.selectOption("form[data-timeline-filter] select", "markdown");
    const href = await page.getAttribute("li[data-tl-year] a", "href");
    check(href === "/timeline/2023/?topics=markdown", href);
    await page.click("li[data-tl-year] a");
    await page.waitForURL(/\/timeline\/2023\/\?topics=markdown$/);
    check((await page.inputValue("form[data-timeline-filter] select")) === "markdown", "the part's filter is not set");
    const entries = await page.$$eval("[data-tl-entry]", (els) => els.map((e) => ({ hidden: e.hidden, terms: e.getAttribute("data-terms") })));
    const visible = entries.filter((e) => !e.hidden);
    check(entries.length === 4 && visible.length === 2, JSON.stringify(entries));
    check(visible.every((e) => e.terms.split(" ").includes("markdown")), JSON.stringify(visible));
    const older = await page.getAttribute("a[rel=next][data-tl-keep]", "href");
    check(older === "/timeline/2022/?topics=markdown", older);
  });

  await step("the strip's marks (one per date and kind) stay bright where an entry has the topic", async () => {
    const marks = await page.$$eval("[data-tl-mark]", (els) =>
      els.map((m) => ({ dimmed: m.classList.contains("is-dimmed"), terms: m.getAttribute("data-terms"), title: m.querySelector("title").textContent })),
    );
    const entries = await page.$$eval("[data-tl-entry]", (els) => els.map((e) => e.querySelector("time").getAttribute("datetime")));
    check(marks.length > 0 && marks.length <= entries.length, JSON.stringify(marks));
    check(marks.every((m) => m.dimmed !== m.terms.split(" ").includes("markdown")), JSON.stringify(marks));
    check(marks.some((m) => !m.dimmed) && marks.some((m) => m.dimmed), JSON.stringify(marks));
  });
} finally {
  await browser.close();
  server.close();
  fs.rmSync(site, { recursive: true, force: true });
}
process.exit(finish());
