// Client-side search over /search-index.json: every word of the query must appear in a
// brief's title, summary, terms or text; title matches rank first. No external service.
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  var index = null;

  function norm(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function load() {
    if (index) return Promise.resolve(index);
    return fetch(input.getAttribute("data-index"))
      .then(function (r) { return r.json(); })
      .then(function (data) {
        index = data.map(function (b) {
          return { b: b, title: norm(b.title), rest: norm([b.summary, b.terms.join(" "), b.text].join(" ")) };
        });
        return index;
      });
  }

  function render(query) {
    var words = norm(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var hits = index.filter(function (e) {
      return words.every(function (w) { return e.title.indexOf(w) >= 0 || e.rest.indexOf(w) >= 0; });
    }).map(function (e) {
      var score = words.filter(function (w) { return e.title.indexOf(w) >= 0; }).length;
      return { e: e, score: score };
    }).sort(function (a, b) { return b.score - a.score; });
    status.textContent = hits.length + (hits.length === 1 ? " brief found" : " briefs found");
    hits.forEach(function (h) {
      var b = h.e.b;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = b.url;
      a.textContent = b.title;
      var time = document.createElement("time");
      time.dateTime = b.date;
      time.textContent = b.display_date;
      var p = document.createElement("p");
      p.textContent = b.summary;
      var h = document.createElement("h2");
      h.appendChild(a);
      li.appendChild(h);
      li.appendChild(time);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  function run() {
    load().then(function () { render(input.value); }, function () {
      status.textContent = "The search index could not be loaded.";
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); run(); }
  input.addEventListener("input", run);
  input.form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
})();
