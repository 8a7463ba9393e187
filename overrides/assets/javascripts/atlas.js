/* CV Paper Atlas: small progressive enhancements, plain JavaScript, no external script.
   Without JavaScript every page still shows everything; these only add controls. */
(function () {
  "use strict";

  /* Topic pages: tick papers, download the BibTeX of just those (split from the topic's .bib). */
  function setupPicker(container) {
    var links = container.querySelectorAll("li > strong > a[data-paper], li > a[data-paper]");
    if (!links.length) return;
    var boxes = [];
    links.forEach(function (link) {
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "atlas-pick";
      box.value = link.getAttribute("data-paper");
      box.setAttribute("aria-label", link.textContent);
      var item = link.closest("li");
      item.insertBefore(box, item.firstChild);
      boxes.push(box);
    });
    var bar = document.createElement("div");
    bar.className = "atlas-pick-bar";
    var hint = document.createElement("span");
    hint.textContent = container.getAttribute("data-hint");
    var allLabel = document.createElement("label");
    var all = document.createElement("input");
    all.type = "checkbox";
    all.className = "atlas-pick-all";
    allLabel.appendChild(all);
    allLabel.appendChild(document.createTextNode(" " + container.getAttribute("data-select-all")));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "atlas-pick-download";
    button.textContent = container.getAttribute("data-download");
    button.disabled = true;
    bar.appendChild(hint);
    bar.appendChild(allLabel);
    bar.appendChild(button);
    container.insertBefore(bar, container.firstChild);

    function refresh() {
      var chosen = boxes.filter(function (b) { return b.checked; }).length;
      button.disabled = chosen === 0;
      all.checked = chosen === boxes.length;
      all.indeterminate = chosen > 0 && chosen < boxes.length;
    }
    boxes.forEach(function (b) { b.addEventListener("change", refresh); });
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      refresh();
    });
    button.addEventListener("click", function () {
      var wanted = {};
      boxes.forEach(function (b) { if (b.checked) wanted[b.value] = true; });
      fetch(container.getAttribute("data-bib"))
        .then(function (response) { return response.text(); })
        .then(function (text) {
          var entries = text.split(/\n(?=@)/).filter(function (entry) {
            var match = /^@\w+\{([^,]+),/.exec(entry.trim());
            return match && wanted[match[1]];
          });
          var blob = new Blob([entries.map(function (e) { return e.trim(); }).join("\n\n") + "\n"],
                              { type: "application/x-bibtex" });
          var anchor = document.createElement("a");
          anchor.href = URL.createObjectURL(blob);
          anchor.download = container.getAttribute("data-topic") + "-selected.bib";
          document.body.appendChild(anchor);
          anchor.click();
          setTimeout(function () { URL.revokeObjectURL(anchor.href); anchor.remove(); }, 0);
        });
    });
  }

  /* Timeline: filter by topic and tag; year headings without visible papers are hidden too. */
  function setupFilter(form) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".atlas-timeline li"));
    var output = form.querySelector("output");
    form.hidden = false;
    function apply() {
      var topic = form.elements.topic.value;
      var tag = form.elements.tag.value;
      var shown = 0;
      items.forEach(function (item) {
        var topics = item.getAttribute("data-topics").split(" ");
        var tags = item.getAttribute("data-tags").split(" ");
        var visible = (!topic || topics.indexOf(topic) !== -1) && (!tag || tags.indexOf(tag) !== -1);
        item.hidden = !visible;
        if (visible) shown++;
      });
      document.querySelectorAll(".atlas-timeline").forEach(function (list) {
        var any = list.querySelector("li:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && /^H[1-6]$/.test(heading.tagName)) heading.hidden = !any;
      });
      output.textContent = form.getAttribute("data-shown").replace("{n}", shown);
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }

  /* Leaderboards: select a column heading to sort by it (again to reverse). Cells carry the value to
     sort by in data-sort; empty values go last in either direction. */
  function setupSortable(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var body = table.tBodies[0];
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "atlas-sort";
      button.title = table.getAttribute("data-sort-hint");
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", column === 0 ? "ascending" : "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-type") === "number";
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[column];
          var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
          return numeric ? (value === "" ? null : parseFloat(value)) : value.toLowerCase();
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);
          var order = x < y ? -1 : (x > y ? 1 : 0);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }

  /* Paper explorer: filter and sort the table of every paper. The state lives in the address
     (?q=&topic=&tag=&from=&to=&venue=&framework=&code=1&sort=), so a filtered view can be shared.
     The page holds every row (the whole table without JavaScript); here the rows are read once into
     plain objects and the table shows the first PAGE matches, with a button for the rest: a
     keystroke then costs a scan of the objects and a hundred rows of layout, whatever the size of
     the atlas (about 5 ms at 2,000 papers, where re-styling every row took over 70 ms). */
  var PAGE = 100;

  function setupExplorer(form) {
    var table = document.querySelector("table.atlas-explorer-table");
    if (!table) return;
    var body = table.tBodies[0];
    var output = form.querySelector("output");
    var more = document.createElement("button");
    more.type = "button";
    more.className = "atlas-explorer__more";
    more.hidden = true;
    table.parentNode.insertBefore(more, table.nextSibling);
    var names = ["q", "topic", "tag", "from", "to", "venue", "framework", "code", "sort"];
    var rows = Array.prototype.map.call(body.rows, function (row, position) {
      var d = row.dataset;
      return {
        row: row, position: position, year: parseInt(d.year, 10), venue: d.venue, name: d.name, text: d.text,
        topics: " " + d.topics + " ", tags: " " + d.tags + " ", code: " " + d.code + " ",
        citations: d.citations === "" ? -1 : parseInt(d.citations, 10)
      };
    });
    var orders = {};
    function ordered(sort) {
      if (!orders[sort]) {
        orders[sort] = rows.slice().sort(function (a, b) {
          if (sort === "year") return a.year - b.year || a.position - b.position;
          if (sort === "name") return a.name < b.name ? -1 : (a.name > b.name ? 1 : a.position - b.position);
          if (sort === "citations") return b.citations - a.citations || a.position - b.position;
          return a.position - b.position;
        });
      }
      return orders[sort];
    }
    var limit = PAGE;
    function value(name) {
      var field = form.elements[name];
      return field.type === "checkbox" ? (field.checked ? "1" : "") : field.value.trim();
    }
    function apply(writeAddress) {
      var q = value("q").toLowerCase(), topic = value("topic"), tag = value("tag"), venue = value("venue");
      var framework = value("framework"), code = value("code") === "1";
      var from = parseInt(value("from"), 10), to = parseInt(value("to"), 10);
      var words = q ? q.split(/\s+/) : [];
      var matches = ordered(value("sort")).filter(function (r) {
        return (!topic || r.topics.indexOf(" " + topic + " ") !== -1) &&
          (!tag || r.tags.indexOf(" " + tag + " ") !== -1) &&
          (!venue || r.venue === venue) &&
          (isNaN(from) || r.year >= from) && (isNaN(to) || r.year <= to) &&
          (!framework || r.code.indexOf(" " + framework + " ") !== -1) &&
          (!code || r.code !== "  ") &&
          words.every(function (w) { return r.text.indexOf(w) !== -1; });
      });
      var fragment = document.createDocumentFragment();
      matches.slice(0, limit).forEach(function (r) { fragment.appendChild(r.row); });
      body.replaceChildren(fragment);
      more.hidden = matches.length <= limit;
      more.textContent = form.getAttribute("data-show-all").replace("{n}", matches.length);
      output.textContent = form.getAttribute("data-shown").replace("{n}", matches.length);
      if (writeAddress) {
        var params = new URLSearchParams();
        names.forEach(function (name) { var v = value(name); if (v) params.set(name, v); });
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }
    function changed() { limit = PAGE; apply(true); }
    var initial = new URLSearchParams(location.search);
    names.forEach(function (name) {
      var field = form.elements[name];
      if (!initial.has(name)) return;
      if (field.type === "checkbox") field.checked = initial.get(name) === "1";
      else field.value = initial.get(name);
    });
    form.hidden = false;
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(changed, 0); });
    more.addEventListener("click", function () { limit = Infinity; apply(false); });
    apply(false);
  }

  /* Material's search dialog has no accessible name; give it the search field's label. */
  var dialog = document.querySelector('.md-search[role="dialog"]');
  var query = document.querySelector(".md-search__input");
  if (dialog && query && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", query.getAttribute("aria-label"));
  }

  document.querySelectorAll(".atlas-papers[data-bib]").forEach(setupPicker);
  document.querySelectorAll("form.atlas-filter").forEach(setupFilter);
  document.querySelectorAll("table[data-sortable]").forEach(setupSortable);
  document.querySelectorAll("form.atlas-explorer").forEach(setupExplorer);
})();
