// Browser test of the search page on a generated site of a few thousand briefs, served
// under a sub-path: words (stemmed, folded, whole words, prefix while typing, one typo),
// facets with and without words, marks built as DOM nodes, and the bytes and requests of a
// cold query against the budgets.
// Usage: node tests/browser/search.test.mjs PATH/TO/chancery [SITE_OUTPUT_DIR]
// With SITE_OUTPUT_DIR (a site built with --base-url http://127.0.0.1/), only the cold-query
// figures are measured there (queries from $SEARCH_QUERIES, `|`-separated; `@topics=slug`
// picks a filter instead).

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
const measureOnly = process.argv[3];
// At least 1,000: the year filter step needs briefs in 2019 and 2020.
const N = Math.max(1000, Number(process.env.SEARCH_BRIEFS || 3000));
const { step, finish } = steps();

// ---- The generated site -------------------------------------------------------------

const SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "so", "te", "vu", "ze", "dra", "pli", "gon", "bex", "tur"];
const VOCABULARY = [];
for (const a of SYLLABLES) for (const b of SYLLABLES) for (const c of ["", "ter", "nis", "vo"]) VOCABULARY.push(a + b + c);
const TOPICS = ["Energy", "Trade", "Health", "Water"];
const REGIONS = ["Europe", "Africa", "Asia"];
let state = 0x2545f491;
function rand(m) {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % m;
}
function text(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(VOCABULARY[rand(rand(VOCABULARY.length) + 1)]);
  return out.join(" ");
}
function date(i) {
  return new Date(Date.UTC(2018, 0, 1) + i * 86400000).toISOString().slice(0, 10);
}
// What the assertions rely on.
const brief = (i) => ({
  regulation: i % 50 === 0,
  regulations: i % 50 === 25,
  ai: i % 100 === 3,
  fair: i % 7 === 0,
  tomas: i === 17,
  topic: TOPICS[i % 4],
  region: REGIONS[i % 3],
  year: Number(date(i).slice(0, 4)),
});

function generate(dir) {
  fs.mkdirSync(path.join(dir, "content/briefs"), { recursive: true });
  fs.cpSync(path.join(repo, "themes"), path.join(dir, "themes"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "site.yaml"),
    "title: Search test\nbase_url: http://127.0.0.1/sub/\nlanguage: en-GB\ntheme: default\n",
  );
  for (let i = 0; i < N; i++) {
    const b = brief(i);
    let body = text(250);
    if (b.regulation) body = "The regulation applies. " + body;
    if (b.regulations) body += " The regulations apply.";
    if (b.fair) body += " A fair price.";
    if (b.tomas) body += " Tomás Ferreira and Zoë Berg said so.";
    const title = i === 11 ? "Markup <b>bold</b> and <img src=x onerror=alert(1)> kept as text" : `Brief ${i}${b.ai ? " on AI" : ""} ${text(3)}`;
    const md = `---\ntitle: ${JSON.stringify(title)}\ndate: ${date(i)}\nsummary: ${JSON.stringify("Summary of " + text(20))}\n` +
      `topics: [${b.topic}]\nregions: [${b.region}]\n---\n${body}\n`;
    fs.writeFileSync(path.join(dir, `content/briefs/b${String(i).padStart(5, "0")}.md`), md);
  }
}

// ---- Measuring a query ---------------------------------------------------------------

const NOT_COUNTED = new Set(["document", "stylesheet", "font", "image"]);

// Opens the search page in a new context, types `query` (and picks `facets`), waits for
// the results; returns the status text, the results and what was downloaded.
async function query(browser, url, q, facets = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const downloads = [];
  let loaded = false;
  // Whether each request started after the load event.
  const started = new WeakMap();
  page.on("request", (q) => started.set(q, loaded));
  page.on("response", async (r) => {
    const type = r.request().resourceType();
    if (NOT_COUNTED.has(type) || /^image\//.test(r.headers()["content-type"] || "")) return;
    const entry = { url: r.url(), afterLoad: started.get(r.request()) !== false, bytes: 0 };
    downloads.push(entry);
    try {
      entry.bytes = (await r.body()).length;
    } catch {}
  });
  await page.goto(url, { waitUntil: "load" });
  loaded = true;
  for (const [name, value] of Object.entries(facets)) await page.selectOption(`select[name="${name}"]`, value);
  if (q) await page.type("#search-input", q, { delay: 5 });
  await page.waitForFunction(
    () => {
      const s = document.getElementById("search-status").textContent;
      return /match|No brief/.test(s) && !document.getElementById("search-results").hasAttribute("aria-busy");
    },
    null,
    { timeout: 20000 },
  );
  await page.waitForTimeout(300);
  const status = await page.textContent("#search-status");
  const results = await page.$$eval("#search-results .search-result", (lis) =>
    lis.map((li) => ({
      title: li.querySelector(".result-title").textContent,
      href: li.querySelector("a").getAttribute("href"),
      date: li.querySelector("time").getAttribute("datetime"),
      marks: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
      elements: Array.from(li.querySelectorAll("*")).map((e) => e.tagName.toLowerCase()),
    })),
  );
  await context.close();
  const bytes = downloads.reduce((a, d) => a + d.bytes, 0);
  const requestsAfterLoad = downloads.filter((d) => d.afterLoad).length;
  const count = /^(\d+) briefs match/.exec(status) ? Number(/^(\d+)/.exec(status)[1]) : /^1 brief/.test(status) ? 1 : 0;
  return { status, count, results, bytes, requestsAfterLoad, downloads };
}

function figures(label, r) {
  console.log(
    `     ${label}: ${(r.bytes / 1024).toFixed(1)} KB in ${r.downloads.length} requests ` +
      `(${r.requestsAfterLoad} after load), ${r.count} matches`,
  );
  if (process.env.SEARCH_VERBOSE) {
    for (const d of r.downloads) console.log(`       ${d.afterLoad ? "after" : "load "} ${(d.bytes / 1024).toFixed(1)} KB ${d.url}`);
  }
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chancery-search-"));
try {
  if (measureOnly) {
    const server = await serveDir(measureOnly);
    const queries = (process.env.SEARCH_QUERIES || "energy|grid capacity|regulator costs|cross border data flows").split("|");
    // `@name=value` picks a filter instead of typing words.
    for (const q of queries) {
      const filter = /^@(\w+)=(.+)$/.exec(q);
      const r = filter
        ? await query(browser, server.url + "search/", "", { [filter[1]]: filter[2] })
        : await query(browser, server.url + "search/", q);
      figures(filter ? `cold filter ${filter[1]} ${filter[2]}` : `cold query “${q}”`, r);
    }
    server.close();
  } else {
    const site = path.join(tmp, "site");
    generate(site);
    const out = path.join(tmp, "public");
    const built = spawnSync(binary, ["build", "--root", site, "--output", path.join(out, "sub")], { encoding: "utf8" });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
    const server = await serveDir(out);
    const url = server.url + "sub/search/";
    const expect = (f) => Array.from({ length: N }, (_, i) => i).filter((i) => f(brief(i)));
    // The budget at 10,000 briefs, for this smaller site.
    const BUDGET = 120 * 1024;
    const REQUESTS = 4;

    await step("a cold query finds the stemmed word within the byte and request budgets, all under the sub-path", async () => {
      const r = await query(browser, url, "regulations");
      figures("cold query “regulations”", r);
      const want = expect((b) => b.regulation || b.regulations).length;
      check(r.count === want, `${r.count} matches, want ${want} (regulation and regulations): ${r.status}`);
      check(r.results.length === 10, `${r.results.length} results shown`);
      check(r.bytes <= BUDGET, `${r.bytes} bytes downloaded, budget ${BUDGET}`);
      check(r.requestsAfterLoad <= REQUESTS, `${r.requestsAfterLoad} requests after load, budget ${REQUESTS}`);
      check(r.downloads.some((d) => !d.afterLoad && d.url.endsWith("/boot.json")), "boot.json comes with the page");
      check(r.downloads.every((d) => new URL(d.url).pathname.startsWith("/sub/")), "a request outside /sub/");
      check(r.results.every((x) => x.href.startsWith("/sub/briefs/")), "result links under /sub/");
    });

    await step("two and four common words within the byte budget, a topic alone within both", async () => {
      // The words of this site are drawn independently, so the best briefs for all the words
      // are seldom among the best of one: their records come from fragments, one request each.
      for (const q of [`${VOCABULARY[0]} ${VOCABULARY[5]}`, `${VOCABULARY[0]} ${VOCABULARY[5]} ${VOCABULARY[17]} ${VOCABULARY[30]}`]) {
        const r = await query(browser, url, q);
        figures(`cold query “${q}”`, r);
        check(r.count > 10 && r.results.length === 10, `${q}: ${r.status}`);
        check(r.bytes <= BUDGET, `${q}: ${r.bytes} bytes downloaded, budget ${BUDGET}`);
        const shards = r.downloads.filter((d) => d.url.includes("/s/")).length;
        const fragments = r.downloads.filter((d) => d.url.includes("/r/")).length;
        check(shards <= q.split(" ").length + 1, `${q}: ${shards} shards`);
        check(fragments <= 10 - 3, `${q}: ${fragments} record fragments, most records come in shards`);
      }
      const t = await query(browser, url, "", { topics: "trade" });
      figures("cold filter topic Trade", t);
      check(t.results.length === 10 && t.requestsAfterLoad <= REQUESTS, `${t.requestsAfterLoad} requests after load`);
      check(t.bytes <= BUDGET, `${t.bytes} bytes downloaded, budget ${BUDGET}`);
    });

    await step("marks the matched words in the snippet, with DOM nodes only", async () => {
      const r = await query(browser, url, "regulation ");
      check(r.results.some((x) => x.marks.some((m) => /^regulations?$/i.test(m))), JSON.stringify(r.results[0]));
      const b = await query(browser, url, "markup ");
      check(b.count === 1, b.status);
      check(b.results[0].title.includes("<b>bold</b>"), `the title is text: ${b.results[0].title}`);
      check(!b.results[0].elements.includes("b") && !b.results[0].elements.includes("img"), "index data became HTML");
      check(b.results[0].marks.includes("Markup"), "the title's match is marked");
    });

    await step("folds accents: Tomas finds Tomás", async () => {
      const r = await query(browser, url, "Tomas ");
      check(r.count === 1, r.status);
      check(r.results[0].title.startsWith("Brief 17 "), r.results[0].title);
      // Short enough for no typo tolerance: only folding finds it.
      const accented = await query(browser, url, "ZOË ");
      check(accented.count === 1, `an accented query is folded too: ${accented.status}`);
    });

    await step("matches whole words: AI is not found in fair", async () => {
      const r = await query(browser, url, "AI ");
      const want = expect((b) => b.ai).length;
      check(r.count === want, `${r.count} matches, want ${want}: ${r.status}`);
    });

    await step("matches the last word as a prefix while typing, and one typo in a long word", async () => {
      const want = expect((b) => b.regulation || b.regulations).length;
      const prefix = await query(browser, url, "regul");
      check(prefix.count === want, `prefix: ${prefix.status}`);
      const typo = await query(browser, url, "regulaton ");
      check(typo.count === want, `typo: ${typo.status}`);
      const none = await query(browser, url, "regxlaxon ");
      check(none.count === 0 && /No brief/.test(none.status), `two typos: ${none.status}`);
    });

    await step("filters by topic with no words, newest first, and with words", async () => {
      const energy = expect((b) => b.topic === "Energy");
      const r = await query(browser, url, "", { topics: "energy" });
      check(r.count === energy.length, `${r.count} Energy briefs, want ${energy.length}`);
      check(r.results[0].title.startsWith(`Brief ${energy[energy.length - 1]} `), `newest first: ${r.results[0].title}`);
      const dates = r.results.map((x) => x.date);
      check(dates.join() === [...dates].sort().reverse().join(), "dates descending");
      const both = await query(browser, url, "regulation ", { topics: "energy" });
      const want = expect((b) => b.topic === "Energy" && (b.regulation || b.regulations)).length;
      check(both.count === want, `words and topic: ${both.count}, want ${want}`);
    });

    await step("filters by region and year range together", async () => {
      const want = expect((b) => b.region === "Africa" && b.year >= 2019 && b.year <= 2020).length;
      const r = await query(browser, url, "", { regions: "africa", from: "2019", to: "2020" });
      check(r.count === want, `${r.count}, want ${want}: ${r.status}`);
      check(r.results.every((x) => x.date >= "2019" && x.date < "2021"), "a date outside the years");
      check(r.downloads.filter((d) => d.url.includes("/f/")).length === 1, "only the picked facet's file is fetched");
    });

    server.close();
  }
} finally {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

process.exit(finish());
