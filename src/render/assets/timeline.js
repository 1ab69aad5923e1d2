// Timeline filter: narrows the timeline to the entries whose brief is filed under the chosen
// term, and dims the other marks of the overview strip. Theme-neutral hooks:
//   form[data-timeline-filter]   the form (hidden in the HTML; shown here) with one <select>
//   [data-timeline-status]       a live region that says how many entries are shown
//   [data-timeline-links]        the no-JavaScript alternative (links to term pages), hidden here
//   [data-tl-entry][data-terms]  an entry; data-terms holds its brief's term slugs, space-separated
//   [data-tl-mark][data-terms]   a mark of the overview strip, likewise
//   [data-tl-group]              a month or year: hidden when none of its entries is shown
//   a[data-tl-jump]              a link to a group (by #id): its list item hidden with the group
//   [data-tl-year][data-counts]  on the overview, a year: data-counts holds `slug=n` pairs and
//                                data-count the year's total; its [data-tl-count] shows the
//                                count for the chosen term, and it is hidden when that is 0
//   a[data-tl-keep]              a link to another part: it carries the choice along
// The choice is kept in the address (?topics=slug) so a narrowed timeline can be shared, and
// links to the other parts keep it, so the filter works across the whole archive.
(function () {
  "use strict";
  var form = document.querySelector("form[data-timeline-filter]");
  if (!form) return;
  var select = form.querySelector("select");
  var status = document.querySelector("[data-timeline-status]");
  var links = document.querySelector("[data-timeline-links]");
  var entries = document.querySelectorAll("[data-tl-entry][data-terms]");
  var marks = document.querySelectorAll("[data-tl-mark][data-terms]");
  var years = document.querySelectorAll("[data-tl-year][data-counts]");
  if (!select || (!entries.length && !years.length)) return;
  var each = function (nodes, fn) { Array.prototype.forEach.call(nodes, fn); };
  // Innermost groups first, so that a year sees its months already settled.
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-tl-group]")).reverse();

  function has(el, slug) {
    return (" " + el.getAttribute("data-terms") + " ").indexOf(" " + slug + " ") >= 0;
  }

  function countFor(el, slug) {
    if (!slug) return parseInt(el.getAttribute("data-count"), 10) || 0;
    var pairs = (el.getAttribute("data-counts") || "").split(" ");
    for (var i = 0; i < pairs.length; i++) {
      var eq = pairs[i].lastIndexOf("=");
      if (eq > 0 && pairs[i].slice(0, eq) === slug) return parseInt(pairs[i].slice(eq + 1), 10) || 0;
    }
    return 0;
  }

  function keep(slug) {
    if (!window.URL) return;
    each(document.querySelectorAll("a[data-tl-keep]"), function (a) {
      var url = new URL(a.href, window.location.href);
      if (slug) url.searchParams.set(select.name, slug); else url.searchParams.delete(select.name);
      a.href = url.pathname + url.search + url.hash;
    });
  }

  function applyYears(slug) {
    var total = 0;
    each(years, function (y) {
      var n = countFor(y, slug);
      var count = y.querySelector("[data-tl-count]");
      if (count) count.textContent = String(n);
      if (y.tagName.toLowerCase() === "g") {
        y.classList.toggle("is-dimmed", n === 0);
      } else {
        total += n;
        y.hidden = n === 0;
      }
    });
    return total;
  }

  function apply(slug) {
    keep(slug);
    if (!entries.length) {
      var total = applyYears(slug);
      if (status) {
        var label = slug ? " for " + select.options[select.selectedIndex].text : "";
        status.textContent = total + " entries" + label + ".";
      }
      return;
    }
    var shown = 0;
    each(entries, function (e) {
      var show = !slug || has(e, slug);
      e.hidden = !show;
      if (show) shown++;
    });
    each(marks, function (m) {
      m.classList.toggle("is-dimmed", !!slug && !has(m, slug));
    });
    groups.forEach(function (g) {
      g.hidden = !g.querySelector("[data-tl-entry]:not([hidden])");
    });
    each(document.querySelectorAll("a[data-tl-jump]"), function (a) {
      var target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      var group = target && target.closest("[data-tl-group]");
      var item = a.closest("li") || a;
      item.hidden = !!(group && group.hidden);
    });
    if (status) {
      if (!slug) {
        status.textContent = "Showing all " + entries.length + " entries.";
      } else {
        var name = select.options[select.selectedIndex].text;
        status.textContent = "Showing " + shown + " of " + entries.length + " entries for " + name + ".";
      }
    }
  }

  function remember(slug) {
    if (!window.history || !history.replaceState || !window.URL) return;
    var url = new URL(window.location.href);
    if (slug) url.searchParams.set(select.name, slug); else url.searchParams.delete(select.name);
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }

  form.hidden = false;
  if (links) links.hidden = true;
  var initial = new URLSearchParams(window.location.search).get(select.name);
  if (initial) {
    each(select.options, function (o) { if (o.value === initial) select.value = initial; });
  }
  if (select.value) apply(select.value);
  select.addEventListener("change", function () {
    apply(select.value);
    remember(select.value);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    apply(select.value);
    remember(select.value);
  });
})();
