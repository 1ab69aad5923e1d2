// Timeline filter: narrows the timeline to the entries whose brief is filed under the chosen
// term. Entries (and the marks of the overview strip) carry the term slugs of their brief in
// data-terms; months, years and year links left empty are hidden too. The choice is kept in
// the address (?topics=slug) so a narrowed timeline can be shared. Without JavaScript the
// form stays hidden and the page shows links to each term's page instead.
(function () {
  "use strict";
  var form = document.querySelector("[data-timeline-filter]");
  if (!form) return;
  var select = form.querySelector("select");
  var status = form.querySelector("[data-timeline-status]");
  var links = document.querySelector("[data-timeline-links]");
  var entries = document.querySelectorAll(".tl-entry[data-terms]");
  var marks = document.querySelectorAll("svg [data-terms]");
  if (!select || !entries.length) return;
  var each = function (nodes, fn) { Array.prototype.forEach.call(nodes, fn); };

  function has(el, slug) {
    return (" " + el.getAttribute("data-terms") + " ").indexOf(" " + slug + " ") >= 0;
  }

  function apply(slug) {
    var shown = 0;
    each(entries, function (e) {
      var show = !slug || has(e, slug);
      e.hidden = !show;
      if (show) shown++;
    });
    each(marks, function (m) {
      m.classList.toggle("is-dimmed", !!slug && !has(m, slug));
    });
    each(document.querySelectorAll(".tl-month"), function (m) {
      m.hidden = !m.querySelector(".tl-entry:not([hidden])");
    });
    each(document.querySelectorAll(".tl-year"), function (y) {
      var empty = !y.querySelector(".tl-month:not([hidden])");
      y.hidden = empty;
      var heading = y.querySelector("h2[id]");
      var link = heading && document.querySelector('.year-nav a[href="#' + heading.id + '"]');
      if (link && link.parentNode) link.parentNode.hidden = empty;
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
  if (initial && select.querySelector('option[value="' + initial.replace(/["\\]/g, "") + '"]')) {
    select.value = initial;
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
