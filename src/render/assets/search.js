// Client-side search over Chancery's sharded index (see docs/themes.md, "Search"): the
// form's data-base is the index folder, data-root the site's root. The script reads
// boot.json (shard names, brief and slot counts, years; preloaded with the page), then for
// each query word the one shard its prefix falls in (s/<prefix>.bin: folded surface words ->
// their stem's postings, so no stemmer is needed here, and the records of each stem's best
// briefs), a facet's brief list with its newest records (f/<taxonomy>/<slug>.bin, or
// f/all.bin for years alone) only once that filter is picked, and a record fragment
// (r/<k>.json) only for a result no file fetched so far carried.
// Every word must match (the last one also as a prefix while typing; words of five letters
// or more also with one typo when the exact word is not in the index); ranking is BM25 with
// the impacts the index stores. Results are built with DOM APIs and textContent only.
// Progressive enhancement: the form is hidden until this script runs. No external service.
(function () {
  "use strict";
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  if (!input || !list || !status || !window.fetch || !window.TextDecoder) return;
  const form = input.form;
  const base = new URL(form.getAttribute("data-base") || "data/", window.location.href);
  const root = new URL(form.getAttribute("data-root") || "../", window.location.href);
  const facetControls = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  const fromYear = form.querySelector("select[data-year='from']");
  const toYear = form.querySelector("select[data-year='to']");
  form.hidden = false;
  const PAGE = 10;
  const MAX_EXPANSIONS = 40;
  const WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2019\u02bc][\p{L}\p{N}\p{M}]+)*/gu;
  const decoder = new TextDecoder();
  const files = {};
  // Records by brief number: { head: [title, path, date, display date, terms], summary, texts }.
  const known = new Map();
  let timer = null;
  let latest = 0;

  // The folding of src/search/tokenize.rs: NFKD, marks dropped, lowercase, no apostrophes.
  function fold(word) {
    return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/['\u2019\u02bc]s$/, "").replace(/['\u2019\u02bc]/g, "");
  }

  function words(text) {
    return (text.match(WORD) || []).map(fold).filter(function (w) { return w && [...w].length <= 40; });
  }

  // One fetch per file, shared by every query that needs it.
  function get(path, json) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, base)).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return json ? r.json() : r.arrayBuffer();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  function boot() {
    return get("boot.json", true).then(function (b) {
      if (b.version !== 2) throw new Error("unknown index version");
      return b;
    });
  }

  // A reader of LEB128 varints and gap lists (src/search/encode.rs).
  function reader(bytes, at) {
    return {
      at: at,
      varint: function () {
        let v = 0, m = 1, c;
        do { c = bytes[this.at++]; v += (c & 127) * m; m *= 128; } while (c >= 128);
        return v;
      },
      gaps: function (n) {
        const ids = new Uint32Array(n);
        let last = 0;
        for (let i = 0; i < n; i++) { last = i ? last + this.varint() : this.varint(); ids[i] = last; }
        return ids;
      },
      bytes: function (n) { const s = bytes.subarray(this.at, this.at + n); this.at += n; return s; }
    };
  }

  // Adds a record ([title, path, date, display, terms, summary or null, [texts]]) to `known`.
  function learn(id, rec) {
    let k = known.get(id);
    if (!k) { k = { head: rec.slice(0, 5), summary: null, texts: [] }; known.set(id, k); }
    if (rec[5] !== null && rec[5] !== undefined) k.summary = rec[5];
    (rec[6] || []).forEach(function (t) { if (k.texts.indexOf(t) < 0) k.texts.push(t); });
  }

  // A records section (src/search/index.rs, put_records) read from r into `known`.
  function readRecords(r, bytes) {
    const n = r.varint();
    const ids = r.gaps(n);
    for (let i = 0; i < n; i++) {
      const len = r.varint();
      learn(ids[i], JSON.parse(decoder.decode(r.bytes(len))));
    }
  }

  function fileName(name) {
    if (!name) return "_";
    let out = "";
    new TextEncoder().encode(name).forEach(function (b) {
      out += (b >= 97 && b <= 122) || (b >= 48 && b <= 57) ? String.fromCharCode(b) : "-" + b.toString(16).padStart(2, "0");
    });
    return out;
  }

  // A shard: its sorted words with their stem numbers, and each stem's block, read lazily.
  function shard(name) {
    const path = "s/" + fileName(name) + ".bin";
    if (!files[path + "#"]) {
      files[path + "#"] = get(path, false).then(function (buf) {
        const bytes = new Uint8Array(buf);
        if (bytes[0] !== 2) throw new Error("unknown shard version");
        const r = reader(bytes, 1);
        const n = r.varint();
        const list = new Array(n), stemOf = new Array(n);
        let prev = new Uint8Array(0);
        for (let i = 0; i < n; i++) {
          const shared = r.varint(), len = r.varint();
          const w = new Uint8Array(shared + len);
          w.set(prev.subarray(0, shared));
          w.set(r.bytes(len), shared);
          list[i] = decoder.decode(w);
          stemOf[i] = r.varint();
          prev = w;
        }
        const blocks = [];
        for (let k = r.varint(); k > 0; k--) {
          const len = r.varint();
          blocks.push({ at: r.at, postings: null });
          r.at += len;
        }
        readRecords(r, bytes);
        return { name: name, bytes: bytes, words: list, stemOf: stemOf, blocks: blocks };
      });
      files[path + "#"].catch(function () { delete files[path + "#"]; });
    }
    return files[path + "#"];
  }

  // Stem k of shard s: its brief count, its briefs and their impacts (src/search/index.rs).
  function postings(s, k) {
    const block = s.blocks[k];
    if (block.postings) return block.postings;
    const r = reader(s.bytes, block.at);
    const count = r.varint();
    const mode = s.bytes[r.at++];
    const p = { count: count, ids: null, bits: null, impacts: null, top: null, rest: 0 };
    if (mode === 0) {
      p.ids = r.gaps(count);
      p.impacts = r.bytes(count);
    } else {
      if (mode === 1) p.ids = r.gaps(count); else p.bits = r.bytes(r.varint());
      const k2 = r.varint();
      const best = r.gaps(k2);
      const imp = r.bytes(k2);
      p.top = new Map();
      best.forEach(function (id, i) { p.top.set(id, imp[i]); });
      p.rest = s.bytes[r.at];
    }
    block.postings = p;
    return p;
  }

  // Calls f(id, impact) for every brief of postings p.
  function each(p, f) {
    const impactOf = function (id, i) { return p.impacts ? p.impacts[i] : (p.top.get(id) || p.rest); };
    if (p.ids) {
      p.ids.forEach(function (id, i) { f(id, impactOf(id, i)); });
      return;
    }
    for (let i = 0; i < p.bits.length; i++) {
      const b = p.bits[i];
      if (!b) continue;
      for (let bit = 0; bit < 8; bit++) if (b >> bit & 1) f(i * 8 + bit, impactOf(i * 8 + bit));
    }
  }

  // The last shard whose name is not above `word`.
  function shardIndex(names, word) {
    let lo = 0, hi = names.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (names[mid] <= word) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }

  function lowerBound(list, word) {
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid] < word) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // Whether a and b are one insertion, deletion, substitution or swap apart.
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // What one query word matches: [{ shard, stem, weight }] and the surface words to mark.
  function resolve(b, word, prefix) {
    const at = shardIndex(b.shards, word);
    if (at < 0) return Promise.resolve({ stems: [], marks: new Set(), prefixes: [] });
    const wanted = [at];
    if (prefix && at + 1 < b.shards.length && b.shards[at + 1].startsWith(word)) wanted.push(at + 1);
    return Promise.all(wanted.map(function (i) { return shard(b.shards[i]); })).then(function (shards) {
      const found = new Map();
      const add = function (s, k, weight) {
        const key = s.name + "\u0000" + k;
        if (!found.has(key) || found.get(key).weight < weight) found.set(key, { shard: s, stem: k, weight: weight });
      };
      const home = shards[0];
      const exact = home.words[lowerBound(home.words, word)] === word;
      if (exact) add(home, home.stemOf[lowerBound(home.words, word)], 1);
      const prefixes = [];
      if ((prefix && (exact ? word.length >= 3 : true)) || !exact) {
        let n = 0;
        shards.forEach(function (s) {
          for (let i = lowerBound(s.words, word); i < s.words.length && n < MAX_EXPANSIONS; i++) {
            if (!s.words[i].startsWith(word)) break;
            if (s.words[i] !== word) { add(s, s.stemOf[i], 0.8); n++; }
          }
        });
        if (n) prefixes.push(word);
      }
      if (!exact && [...word].length >= 5) {
        home.words.forEach(function (w, i) { if (oneEdit(w, word)) add(home, home.stemOf[i], 0.6); });
      }
      const stems = Array.from(found.values());
      // Every surface word of the matched stems in these shards, for marking.
      const marks = new Set();
      shards.forEach(function (s) {
        const mine = new Set(stems.filter(function (m) { return m.shard === s; }).map(function (m) { return m.stem; }));
        s.words.forEach(function (w, i) { if (mine.has(s.stemOf[i])) marks.add(w); });
      });
      return { stems: stems, marks: marks, prefixes: prefixes };
    });
  }

  // The briefs of a facet file (f/<taxonomy>/<slug>.bin, or f/all.bin), as a mark per
  // slot; its newest records go to `known`.
  function facet(b, path) {
    if (!files[path + "#"]) {
      files[path + "#"] = get(path, false).then(function (buf) {
        const bytes = new Uint8Array(buf);
        if (bytes[0] !== 2) throw new Error("unknown facet version");
        const r = reader(bytes, 1);
        const count = r.varint();
        const mode = bytes[r.at++];
        const marks = new Uint8Array(b.slots);
        if (mode === 0) r.gaps(count).forEach(function (id) { marks[id] = 1; });
        else each({ bits: r.bytes(r.varint()), top: new Map(), rest: 0 }, function (id) { marks[id] = 1; });
        readRecords(r, bytes);
        return marks;
      });
      files[path + "#"].catch(function () { delete files[path + "#"]; });
    }
    return files[path + "#"];
  }

  // The range of slots of the chosen years ([first, end)).
  function yearRange(b) {
    const from = fromYear && fromYear.value ? Number(fromYear.value) : -Infinity;
    const to = toYear && toYear.value ? Number(toYear.value) : Infinity;
    let first = b.slots, end = 0;
    b.years.forEach(function (y, i) {
      const next = i + 1 < b.years.length ? b.years[i + 1][1] : b.slots;
      if (y[0] >= Math.min(from, to) && y[0] <= Math.max(from, to)) { first = Math.min(first, y[1]); end = Math.max(end, next); }
    });
    return [first, end];
  }

  function filters() {
    return facetControls.filter(function (c) { return c.value; })
      .map(function (c) { return [c.getAttribute("data-facet"), c.value, c.options[c.selectedIndex].textContent]; });
  }

  // Brief numbers matching the query and filters, best first, with what to mark.
  function search(b, query) {
    const tokens = words(query);
    const prefixLast = tokens.length > 0 && !/\s$/.test(query);
    const chosen = filters();
    const years = (fromYear && fromYear.value) || (toYear && toYear.value) ? yearRange(b) : [0, b.slots];
    // With no words and no facet, every brief's list tells the slots that hold one.
    const paths = chosen.map(function (f) { return "f/" + f[0] + "/" + f[1] + ".bin"; });
    if (!tokens.length && !paths.length) paths.push("f/all.bin");
    return Promise.all([
      Promise.all(tokens.map(function (t, i) { return resolve(b, t, prefixLast && i === tokens.length - 1); })),
      Promise.all(paths.map(function (p) { return facet(b, p); }))
    ]).then(function (got) {
      const resolved = got[0], facets = got[1];
      const n = b.slots;
      const keep = function (id) {
        if (id < years[0] || id >= years[1]) return false;
        for (let i = 0; i < facets.length; i++) if (!facets[i][id]) return false;
        return true;
      };
      let ids = [];
      const score = new Float32Array(n);
      if (!tokens.length) {
        for (let id = n - 1; id >= 0; id--) if (keep(id)) ids.push(id);
      } else if (resolved.every(function (r) { return r.stems.length; })) {
        const hits = new Uint8Array(n);
        const best = new Float32Array(n);
        resolved.forEach(function (r) {
          best.fill(0);
          r.stems.forEach(function (m) {
            const p = postings(m.shard, m.stem);
            const idf = Math.log(1 + (b.briefs - p.count + 0.5) / (p.count + 0.5));
            each(p, function (id, impact) {
              const s = m.weight * idf * impact / 255;
              if (s > best[id]) best[id] = s;
            });
          });
          for (let id = 0; id < n; id++) if (best[id] > 0) { score[id] += best[id]; hits[id]++; }
        });
        for (let id = 0; id < n; id++) if (hits[id] === tokens.length && keep(id)) ids.push(id);
        ids.sort(function (a, c) { return score[c] - score[a] || c - a; });
      }
      const marks = new Set();
      const prefixes = [];
      resolved.forEach(function (r) { r.marks.forEach(function (w) { marks.add(w); }); prefixes.push.apply(prefixes, r.prefixes); });
      tokens.forEach(function (t) { marks.add(t); });
      return { ids: ids, marks: marks, prefixes: prefixes, words: tokens.length, filters: chosen };
    });
  }

  // The records of `ids`: those no fetched file carried (or, with `summaries`, carried
  // without the summary) from their fragments r/<k>.json, each fetched once.
  function records(b, ids, summaries) {
    const f = b.fragment;
    const missing = ids.filter(function (id) { const k = known.get(id); return !k || (summaries && k.summary === null); });
    const fragments = Array.from(new Set(missing.map(function (id) { return Math.floor(id / f); })));
    return Promise.all(fragments.map(function (k) {
      return get("r/" + k + ".json", true).then(function (frag) {
        frag.forEach(function (rec, i) { if (rec) learn(k * f + i, rec); });
      });
    })).then(function () { return ids.map(function (id) { return known.get(id); }); });
  }

  function marked(text, m) {
    return function (w) {
      const f = fold(w);
      return m.marks.has(f) || m.prefixes.some(function (p) { return f.startsWith(p); });
    };
  }

  // `text` as a fragment with its matching words in <mark>.
  function highlight(text, m) {
    const frag = document.createDocumentFragment();
    const hit = marked(text, m);
    let pos = 0;
    for (const found of text.matchAll(WORD)) {
      if (!hit(found[0])) continue;
      frag.appendChild(document.createTextNode(text.slice(pos, found.index)));
      const mark = document.createElement("mark");
      mark.textContent = found[0];
      frag.appendChild(mark);
      pos = found.index + found[0].length;
    }
    frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  // Of the summary, key points and start of the body known, the one with most matching words.
  function snippet(rec, m) {
    const candidates = (rec.summary === null ? [] : [rec.summary]).concat(rec.texts);
    let best = candidates[0] || "", most = 0;
    candidates.forEach(function (text) {
      const hit = marked(text, m);
      const n = new Set((text.match(WORD) || []).filter(hit).map(fold)).size;
      if (n > most) { most = n; best = text; }
    });
    return best;
  }

  function result(known, m) {
    const rec = known.head;
    const li = document.createElement("li");
    li.className = "search-result";
    const h = document.createElement("h2");
    h.className = "result-title";
    const a = document.createElement("a");
    a.href = new URL(rec[1], root).pathname;
    a.appendChild(highlight(rec[0], m));
    h.appendChild(a);
    li.appendChild(h);
    const meta = document.createElement("p");
    meta.className = "meta";
    const time = document.createElement("time");
    time.dateTime = rec[2];
    time.textContent = rec[3];
    meta.appendChild(time);
    if (rec[4] && rec[4].length) {
      const sep = document.createElement("span");
      sep.className = "sep";
      sep.setAttribute("aria-hidden", "true");
      sep.textContent = " · ";
      meta.appendChild(sep);
      meta.appendChild(highlight(rec[4].join(", "), m));
    }
    li.appendChild(meta);
    const p = document.createElement("p");
    p.className = "result-summary";
    p.appendChild(highlight(m.words ? snippet(known, m) : known.summary || "", m));
    li.appendChild(p);
    return li;
  }

  function describe(query, m) {
    const parts = [];
    if (m.words) parts.push("“" + query.trim() + "”");
    m.filters.forEach(function (f) { parts.push(f[2].replace(/\s*\(\d+\)$/, "")); });
    const years = [fromYear && fromYear.value, toYear && toYear.value].filter(Boolean);
    if (years.length) parts.push(years.length === 2 && years[0] !== years[1] ? years.join("–") : years[0]);
    return parts.join(", ");
  }

  function show(b, m, from, seq) {
    const ids = m.ids.slice(from, from + PAGE);
    list.setAttribute("aria-busy", "true");
    return records(b, ids, !m.words).then(function (recs) {
      if (seq !== latest) return;
      const old = list.querySelector(".search-more");
      if (old) old.remove();
      recs.forEach(function (rec) { if (rec) list.appendChild(result(rec, m)); });
      list.removeAttribute("aria-busy");
      if (from + PAGE < m.ids.length) {
        const li = document.createElement("li");
        li.className = "search-more";
        const more = document.createElement("button");
        more.type = "button";
        more.textContent = "Show more results";
        more.addEventListener("click", function () { show(b, m, from + PAGE, seq); });
        li.appendChild(more);
        list.appendChild(li);
      }
    });
  }

  function remember(query) {
    if (!window.history || !history.replaceState) return;
    const url = new URL(window.location.href);
    const set = function (k, v) { if (v) url.searchParams.set(k, v); else url.searchParams.delete(k); };
    set("q", query.trim());
    facetControls.forEach(function (c) { set(c.name, c.value); });
    if (fromYear) set(fromYear.name, fromYear.value);
    if (toYear) set(toYear.name, toYear.value);
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }

  function run() {
    const query = input.value;
    const seq = ++latest;
    const anyFilter = filters().length || (fromYear && fromYear.value) || (toYear && toYear.value);
    if (!words(query).length && !anyFilter) {
      list.textContent = "";
      status.textContent = "";
      remember(query);
      return;
    }
    status.textContent = "Searching…";
    boot().then(function (b) {
      return search(b, query).then(function (m) {
        if (seq !== latest) return;
        list.textContent = "";
        const what = describe(query, m);
        if (!m.ids.length) {
          status.textContent = "No brief matches " + what + ". Try fewer or different words, or fewer filters.";
        } else {
          status.textContent = (m.ids.length === 1 ? "1 brief matches " : m.ids.length + " briefs match ") + what +
            (m.words ? "" : ", newest first") + (m.ids.length > PAGE ? "; the first " + PAGE + " are shown." : ".");
        }
        remember(query);
        return show(b, m, 0, seq);
      });
    }).catch(function () {
      if (seq !== latest) return;
      status.textContent = "The search index could not be loaded. Browse all briefs instead.";
    });
  }

  const params = new URLSearchParams(window.location.search);
  facetControls.concat(fromYear || [], toYear || []).forEach(function (c) {
    if (params.get(c.name)) c.value = params.get(c.name);
    c.addEventListener("change", run);
  });
  if (params.get("q")) input.value = params.get("q");
  if (input.value || params.toString()) run(); else boot().catch(function () {});
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 120);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    window.clearTimeout(timer);
    run();
  });
})();
