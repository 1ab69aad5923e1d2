// Client-side search over search-index.json (the form's data-index): every word of the query
// must appear in a brief's title, summary, terms or text; briefs with more of the words in
// their title rank first, then newest first. Results show title, date, summary and, when the
// words are only in the body, an excerpt around the first of them; matches are marked.
// Progressive enhancement: the form is hidden until this script runs. No external service.
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status || !window.fetch) return;
  var form = input.form;
  form.hidden = false;
  var MAX_RESULTS = 100;
  var index = null;
  var loading = null;
  var timer = null;

  function norm(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // The normalised form of `text` and, for each of its characters, the offset of the
  // original character it came from, so that matches found in the normalised text can be
  // marked in the original one.
  function mapped(text) {
    var out = "";
    var from = [];
    for (var i = 0; i < text.length; i++) {
      var n = norm(text.charAt(i));
      for (var k = 0; k < n.length; k++) from.push(i);
      out += n;
    }
    from.push(text.length);
    return { text: out, from: from };
  }

  // `text` as a fragment with every occurrence of `words` in <mark>.
  function highlight(text, words) {
    var m = mapped(text);
    var ranges = [];
    words.forEach(function (w) {
      var at = m.text.indexOf(w);
      while (at >= 0) {
        ranges.push([m.from[at], m.from[at + w.length - 1] + 1]);
        at = m.text.indexOf(w, at + w.length);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var frag = document.createDocumentFragment();
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[0] < pos) {
        if (r[1] > pos) {
          var extra = document.createElement("mark");
          extra.textContent = text.slice(pos, r[1]);
          frag.appendChild(extra);
          pos = r[1];
        }
        return;
      }
      frag.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      frag.appendChild(mark);
      pos = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  // About 30 words of `text` around the first match of any of `words`.
  function excerpt(text, words) {
    var m = mapped(text);
    var first = -1;
    words.forEach(function (w) {
      var at = m.text.indexOf(w);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    if (first < 0) return "";
    var at = m.from[first];
    var start = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 90)) + 1);
    if (at - start > 120) start = Math.max(0, at - 90);
    var end = text.indexOf(" ", Math.min(text.length, at + 150));
    if (end < 0) end = text.length;
    return (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "");
  }

  function load() {
    if (index) return Promise.resolve(index);
    if (!loading) {
      status.textContent = "Loading the search index…";
      loading = fetch(input.getAttribute("data-index"))
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          index = data.map(function (b, i) {
            return {
              b: b,
              order: i,
              title: norm(b.title),
              summary: norm(b.summary),
              rest: norm([(b.terms || []).join(" "), b.text].join(" "))
            };
          });
          return index;
        });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function result(hit, words) {
    var b = hit.e.b;
    var li = document.createElement("li");
    li.className = "search-result";
    var h = document.createElement("h2");
    h.className = "result-title";
    var a = document.createElement("a");
    a.href = b.url;
    a.appendChild(highlight(b.title, words));
    h.appendChild(a);
    li.appendChild(h);

    var meta = document.createElement("p");
    meta.className = "meta";
    var time = document.createElement("time");
    time.dateTime = b.date;
    time.textContent = b.display_date;
    meta.appendChild(time);
    if (b.terms && b.terms.length) {
      var sep = document.createElement("span");
      sep.className = "sep";
      sep.setAttribute("aria-hidden", "true");
      sep.textContent = " · ";
      meta.appendChild(sep);
      // The terms that match first, then the others, at most five.
      var terms = b.terms.filter(function (t) {
        return words.some(function (w) { return norm(t).indexOf(w) >= 0; });
      });
      b.terms.forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
      meta.appendChild(highlight(terms.slice(0, 5).join(", ") + (terms.length > 5 ? "…" : ""), words));
    }
    li.appendChild(meta);

    var summary = document.createElement("p");
    summary.className = "result-summary";
    summary.appendChild(highlight(b.summary, words));
    li.appendChild(summary);

    var inTitleOrSummary = words.every(function (w) {
      return hit.e.title.indexOf(w) >= 0 || hit.e.summary.indexOf(w) >= 0;
    });
    if (!inTitleOrSummary) {
      var missing = words.filter(function (w) {
        return hit.e.title.indexOf(w) < 0 && hit.e.summary.indexOf(w) < 0;
      });
      var text = excerpt(b.text || "", missing);
      if (text) {
        var ex = document.createElement("p");
        ex.className = "result-excerpt";
        ex.appendChild(highlight(text, words));
        li.appendChild(ex);
      }
    }
    return li;
  }

  function render(query) {
    var words = norm(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) {
      status.textContent = "";
      return;
    }
    var hits = index.filter(function (e) {
      return words.every(function (w) {
        return e.title.indexOf(w) >= 0 || e.summary.indexOf(w) >= 0 || e.rest.indexOf(w) >= 0;
      });
    }).map(function (e) {
      var score = words.filter(function (w) { return e.title.indexOf(w) >= 0; }).length * 2 +
        words.filter(function (w) { return e.summary.indexOf(w) >= 0; }).length;
      return { e: e, score: score };
    }).sort(function (a, b) {
      return b.score - a.score || a.e.order - b.e.order;
    });
    var q = "“" + query.trim() + "”";
    if (!hits.length) {
      status.textContent = "No brief matches " + q + ". Try fewer or different words.";
      return;
    }
    status.textContent = (hits.length === 1 ? "1 brief matches " : hits.length + " briefs match ") + q +
      (hits.length > MAX_RESULTS ? "; the first " + MAX_RESULTS + " are shown." : ".");
    hits.slice(0, MAX_RESULTS).forEach(function (hit) { list.appendChild(result(hit, words)); });
  }

  function remember(query) {
    if (!window.history || !history.replaceState) return;
    var url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set("q", query.trim()); else url.searchParams.delete("q");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }

  function run() {
    var query = input.value;
    load().then(function () {
      render(query);
      remember(query);
    }, function () {
      status.textContent = "The search index could not be loaded. Browse all briefs instead.";
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) {
    input.value = params.get("q");
    run();
  }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 150);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    window.clearTimeout(timer);
    run();
  });
})();
