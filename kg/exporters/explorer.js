// kg's explorer: search, filters, actor and edge panels over the vis-network drawn by pyvis.
// Every piece of text from the data is put into the page with textContent, never as markup.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var WIKIDATA = "https://www.wikidata.org/wiki/";
  var actors = {}, edgeById = {}, byActor = {}, hasEdge = {};
  DATA.actors.forEach(function (a) { actors[a.id] = a; byActor[a.id] = []; });
  DATA.edges.forEach(function (e) {
    edgeById[e.id] = e;
    byActor[e.from].push(e);
    if (e.to !== e.from) { byActor[e.to].push(e); hasEdge[e.from] = hasEdge[e.to] = true; }
  });
  // whether each item vis-network holds is hidden now (only changes are sent to it)
  var hiddenNow = {};
  nodes.get({fields: ["id", "hidden"]}).forEach(function (i) { hiddenNow["n:" + i.id] = !!i.hidden; });
  edges.get({fields: ["id", "hidden"]}).forEach(function (i) { hiddenNow["e:" + i.id] = !!i.hidden; });
  // the items vis-network has not been given yet (hidden at first), by id
  var pendingNodes = {}, pendingEdges = {};
  DATA.pending.nodes.forEach(function (n) { pendingNodes[n.id] = n; });
  DATA.pending.edges.forEach(function (e) { pendingEdges[e.id] = e; });
  var state = {
    relations: new Set(DATA.relations), polarities: new Set(DATA.polarities),
    minConfidence: 0, minEvidence: 1, from: "", to: "", isolates: false, all: false, pinned: new Set(),
    period: -1  // the time slider: -1 is "all periods", else an index into DATA.timeline.periods
  };
  var periodEdges = null;  // edge id -> true for the edges active in the chosen period

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim().replace(/^the /, "").replace(/['\u2019]s$/, "");
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url) ? url : ""; }
  function label(id) { return actors[id] ? actors[id].label : id; }

  // ------------------------------------------------------------------ filters and visibility
  function passing(e) {
    if (!state.relations.has(e.relation) || !state.polarities.has(e.polarity)) return 0;
    if (periodEdges && !periodEdges[e.id]) return 0;
    var n = 0;
    e.evidence.forEach(function (ev) {
      if (ev[2] + 1e-9 < state.minConfidence) return;
      if ((state.from || state.to) && (!ev[4] || (state.from && ev[4] < state.from) || (state.to && ev[4] > state.to))) return;
      n += 1;
    });
    return n >= Math.max(1, state.minEvidence) ? n : 0;
  }
  function inBase(a) {
    if (state.pinned.has(a.id)) return true;
    if (!hasEdge[a.id]) return state.isolates;
    return state.all || a.rank < DATA.initial;
  }
  function apply() {
    var base = {}, shownEdges = {}, linked = {};
    DATA.actors.forEach(function (a) { if (inBase(a)) base[a.id] = true; });
    DATA.edges.forEach(function (e) {
      if (base[e.from] && base[e.to] && passing(e) > 0) {
        shownEdges[e.id] = true;
        if (e.from !== e.to) { linked[e.from] = linked[e.to] = true; }
      }
    });
    var nodeUpdates = [], edgeUpdates = [], nShown = 0, nEdges = 0;
    var newNodes = [], newEdges = [];
    DATA.actors.forEach(function (a) {
      var show = !!base[a.id] && (linked[a.id] || state.isolates || state.pinned.has(a.id));
      if (show) nShown += 1;
      if (pendingNodes[a.id]) {
        if (!show) return;
        newNodes.push(pendingNodes[a.id]);
        delete pendingNodes[a.id];
      }
      nodeUpdates.push({id: a.id, hidden: !show});
    });
    DATA.edges.forEach(function (e) {
      var show = !!shownEdges[e.id];
      if (show) nEdges += 1;
      if (pendingEdges[e.id]) {
        if (!show) return;
        newEdges.push(pendingEdges[e.id]);
        delete pendingEdges[e.id];
      }
      edgeUpdates.push({id: e.id, hidden: !show});
    });
    newNodes.concat(newEdges).forEach(function (item) { item.title = window.kgTitle(item.title); });
    if (newNodes.length) nodes.add(newNodes);
    function changed(prefix) {
      return function (u) {
        if (hiddenNow[prefix + u.id] === u.hidden) return false;
        hiddenNow[prefix + u.id] = u.hidden;
        return true;
      };
    }
    nodeUpdates = nodeUpdates.filter(changed("n:"));
    edgeUpdates = edgeUpdates.filter(changed("e:"));
    newNodes.forEach(function (item) { hiddenNow["n:" + item.id] = item.hidden = false; });
    newEdges.forEach(function (item) { hiddenNow["e:" + item.id] = item.hidden = false; });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (newEdges.length) edges.add(newEdges);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var isolated = DATA.actors.filter(function (a) { return !hasEdge[a.id]; }).length;
    var connected = DATA.actors.length - isolated;
    document.getElementById("kg-status").textContent = nShown + " of " + DATA.actors.length +
      " actors and " + nEdges + " of " + DATA.edges.length + " relations shown" +
      (connected > DATA.initial && !state.all ? " (the " + DATA.initial + " strongest actors)" : "");
    document.body.setAttribute("data-shown-nodes", String(nShown));
    document.body.setAttribute("data-shown-edges", String(nEdges));
    return nShown;
  }
  function visibleIds() {
    return nodes.get({filter: function (n) { return !n.hidden; }, fields: ["id"]}).map(function (n) { return n.id; });
  }

  // ------------------------------------------------------------------ the panel
  var panel = document.getElementById("kg-panel");
  var body = document.getElementById("kg-panel-body");
  function openPanel() { body.textContent = ""; panel.classList.add("kg-open"); panel.scrollTop = 0; return body; }
  function closePanel() { panel.classList.remove("kg-open"); body.textContent = ""; }
  document.getElementById("kg-close").addEventListener("click", closePanel);

  function sentence(ev) {
    var li = el("li", null, "kg-evidence"), text = ev[0], pos = 0;
    ev[1].forEach(function (m) {
      if (m[0] < pos) return;
      li.appendChild(document.createTextNode(text.slice(pos, m[0])));
      li.appendChild(el("mark", text.slice(m[0], m[1])));
      pos = m[1];
    });
    li.appendChild(document.createTextNode(text.slice(pos)));
    var doc = DATA.docs[ev[3]] || ["", "", "", ""];
    var meta = el("div", null, "kg-meta");
    var url = safeUrl(doc[3]);
    var title = doc[1] || doc[0];
    if (url) {
      var a = el("a", title); a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      meta.appendChild(a);
    } else {
      meta.appendChild(document.createTextNode(title));
    }
    var bits = [];
    if (ev[4] || doc[2]) bits.push(ev[4] || doc[2]);
    bits.push("confidence " + ev[2]);
    if (ev[5]) bits.push("hedged");
    meta.appendChild(document.createTextNode(" \u00b7 " + bits.join(" \u00b7 ")));
    if (url) meta.appendChild(document.createTextNode(" \u00b7 " + url));
    li.appendChild(meta);
    return li;
  }
  function evidenceList(e) {
    var ol = el("ol", null, "kg-evidence-list");
    ol.setAttribute("data-edge", e.id);
    e.evidence.forEach(function (ev) { ol.appendChild(sentence(ev)); });
    return ol;
  }
  function edgeTitle(e) {
    var arrow = e.symmetric ? " \u2013 " : " \u2192 ";
    return label(e.from) + arrow + e.relation + arrow + label(e.to);
  }
  function actorLink(id) {
    var span = el("span", label(id), "kg-link");
    span.addEventListener("click", function () { select(id); });
    return span;
  }
  // ------------------------------------------------------------------ evidence from kg serve
  // Served by kg serve, the page holds no evidence sentence: an actor's or an edge's are fetched
  // from the SPARQL endpoint (DATA.live) when the panel opens, then kept.
  var LIVE = DATA.live || null, docIndex = {};
  DATA.docs.forEach(function (d, i) { docIndex[d[0]] = i; });
  function sparqlString(text) {
    return '"' + String(text).replace(/[\\"]/g, "\\$&").replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
  }
  function evidenceQuery(id) {
    return "PREFIX kg: <https://w3id.org/kg/ontology#>\n" +
      "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" +
      "PREFIX dcterms: <http://purl.org/dc/terms/>\nPREFIX schema: <https://schema.org/>\n" +
      "SELECT ?s ?p ?o ?sentence ?start ?ss ?se ?ts ?te ?doc ?title ?date ?url ?confidence ?hedged WHERE {\n" +
      "  ?x kg:actorId " + sparqlString(id) + " .\n  { ?as rdf:subject ?x } UNION { ?as rdf:object ?x }\n" +
      "  ?as a kg:Assertion ; rdf:subject ?sa ; rdf:predicate ?pred ; rdf:object ?oa ; kg:negated false ;\n" +
      "      kg:evidence ?sentence ; kg:document ?d .\n  ?sa kg:actorId ?s . ?oa kg:actorId ?o . ?d kg:docId ?doc .\n" +
      "  OPTIONAL { ?as kg:sentenceStart ?start } OPTIONAL { ?as kg:sourceStart ?ss ; kg:sourceEnd ?se }\n" +
      "  OPTIONAL { ?as kg:targetStart ?ts ; kg:targetEnd ?te } OPTIONAL { ?as kg:confidence ?confidence }\n" +
      "  OPTIONAL { ?as kg:hedged ?hedged } OPTIONAL { ?d dcterms:title ?title }\n" +
      "  OPTIONAL { ?d dcterms:date ?date } OPTIONAL { ?d schema:url ?url }\n" +
      "  BIND(STRAFTER(STR(?pred), \"#\") AS ?p)\n}";
  }
  function item(row) {  // one SPARQL row -> [edge key, evidence as the page holds it]
    function v(name) { return row[name] ? row[name].value : ""; }
    var s = v("s"), relation = v("p"), o = v("o"), sentence = v("sentence");
    if (LIVE.base[relation]) { var t = s; s = o; o = t; relation = LIVE.base[relation]; }
    if (LIVE.symmetric.indexOf(relation) >= 0 && o < s) { var u = s; s = o; o = u; }
    var start = parseInt(v("start"), 10), marks = [];
    [["ss", "se"], ["ts", "te"]].forEach(function (k) {
      var a = parseInt(v(k[0]), 10) - start, b = parseInt(v(k[1]), 10) - start;
      if (!isNaN(a) && !isNaN(b) && 0 <= a && a < b && b <= sentence.length) marks.push([a, b]);
    });
    marks.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    var doc = v("doc");
    if (docIndex[doc] === undefined) {
      docIndex[doc] = DATA.docs.length;
      DATA.docs.push([doc, v("title"), /^\d{4}-\d{2}-\d{2}$/.test(v("date")) ? v("date") : "", safeUrl(v("url"))]);
    }
    var confidence = row.confidence ? Math.round(parseFloat(v("confidence")) * 1000) / 1000 : 1;
    var date = /^\d{4}-\d{2}-\d{2}$/.test(v("date")) ? v("date") : "";
    return [s + "\u0000" + relation + "\u0000" + o,
            [sentence, marks, isNaN(confidence) ? 1 : confidence, docIndex[doc], date, v("hedged") === "true" || v("hedged") === "1" ? 1 : 0]];
  }
  function withEvidence(id, edgesOf, show) {  // run show() once every edge in edgesOf has its evidence
    if (!LIVE || edgesOf.every(function (e) { return e.loaded; })) { show(); return; }
    var box = openPanel();
    box.setAttribute("data-kind", "loading");
    box.appendChild(el("div", "Fetching the evidence from " + LIVE.sparql + "\u2026", "kg-meta"));
    fetch(LIVE.sparql, {method: "POST", body: evidenceQuery(id),
                        headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}})
      .then(function (r) { if (!r.ok) throw new Error("the endpoint answered " + r.status); return r.json(); })
      .then(function (json) {
        var found = {};
        json.results.bindings.forEach(function (row) {
          var it = item(row);
          (found[it[0]] = found[it[0]] || []).push(it[1]);
        });
        byActor[id].forEach(function (e) {
          var items = found[e.from + "\u0000" + e.relation + "\u0000" + e.to] || [];
          items.sort(function (x, y) {
            var a = [x[4], DATA.docs[x[3]][0], x[0]], b = [y[4], DATA.docs[y[3]][0], y[0]];
            return a < b ? -1 : a > b ? 1 : 0;
          });
          e.evidence = items;
          e.loaded = true;
        });
        show();
      })
      .catch(function (err) {
        var box = openPanel();
        box.setAttribute("data-kind", "error");
        box.appendChild(el("div", "Could not fetch the evidence: " + err.message, "kg-meta"));
      });
  }

  function showEdge(id) {
    var e = edgeById[id];
    if (!e) return;
    if (LIVE && !e.loaded) { withEvidence(e.from, [e], function () { showEdge(id); }); return; }
    var box = openPanel();
    box.setAttribute("data-kind", "edge");
    box.appendChild(el("h2", edgeTitle(e)));
    box.appendChild(el("div", e.polarity + " \u00b7 " + e.count + " evidence \u00b7 weight " + e.weight, "kg-meta"));
    box.appendChild(evidenceList(e));
  }
  function showActor(id) {
    var a = actors[id];
    if (!a) return;
    if (LIVE && !byActor[id].every(function (e) { return e.loaded; })) {
      withEvidence(id, byActor[id], function () { showActor(id); });
      return;
    }
    var box = openPanel();
    box.setAttribute("data-kind", "actor");
    box.appendChild(el("h2", a.label));
    var dl = el("dl");
    function row(k, v) { if (v === "" || v === null || v === undefined) return; dl.appendChild(el("dt", k)); var dd = el("dd"); if (v instanceof Node) dd.appendChild(v); else dd.textContent = String(v); dl.appendChild(dd); }
    row("Type", a.type);
    row("Country", a.countryLabel ? a.countryLabel + " (" + a.country + ")" : a.country);
    row("ISO code", a.iso3);
    if (/^Q[0-9]+$/.test(a.wikidata)) {
      var link = el("a", a.wikidata); link.href = WIKIDATA + a.wikidata; link.target = "_blank"; link.rel = "noopener noreferrer";
      row("Wikidata", link);
    }
    if (a.bloc >= 0) {
      var b = DATA.blocs[a.bloc];
      row("Bloc", "Bloc " + a.bloc + " (" + b.size + " actors: " + b.leaders.join(", ") + (b.size > b.leaders.length ? ", \u2026" : "") + ")");
    } else {
      row("Bloc", "not in a bloc");
    }
    row("Relations", byActor[id].length + " (" + byActor[id].reduce(function (s, e) { return s + e.count; }, 0) + " evidence)");
    row("Mentions", a.mentions);
    box.appendChild(dl);
    if (a.roles.length) {
      box.appendChild(el("h3", "Roles"));
      var ul = el("ul");
      a.roles.forEach(function (r) { ul.appendChild(el("li", r)); });
      box.appendChild(ul);
    }
    if (a.names.length) box.appendChild(el("div", "Also called: " + a.names.join(", "), "kg-meta"));
    var groups = {};
    byActor[id].forEach(function (e) { (groups[e.relation] = groups[e.relation] || []).push(e); });
    Object.keys(groups).sort().forEach(function (relation) {
      box.appendChild(el("h3", relation));
      groups[relation].sort(function (x, y) {
        var px = label(x.from === id ? x.to : x.from), py = label(y.from === id ? y.to : y.from);
        return px < py ? -1 : px > py ? 1 : 0;
      }).forEach(function (e) {
        var h = el("h4");
        var partner = e.from === id ? e.to : e.from;
        var dir = e.symmetric ? "with " : e.from === id ? "\u2192 " : "\u2190 ";
        h.appendChild(document.createTextNode(dir));
        h.appendChild(actorLink(partner));
        h.appendChild(document.createTextNode(" (" + e.count + ")"));
        box.appendChild(h);
        box.appendChild(evidenceList(e));
      });
    });
  }

  // ------------------------------------------------------------------ search
  var index = null;  // [folded name, actor id, name], built on the first search (not on load)
  function searchIndex() {
    if (index) return index;
    index = [];
    DATA.actors.forEach(function (a) {
      index.push([fold(a.label), a.id, ""]);
      if (a.iso3) index.push([fold(a.iso3), a.id, a.iso3]);
      a.names.forEach(function (n) { index.push([fold(n), a.id, n]); });
    });
    return index;
  }
  function search(text) {
    var q = fold(text);
    if (!q) return [];
    var best = {};
    searchIndex().forEach(function (entry) {
      var at = entry[0].indexOf(q);
      if (at < 0) return;
      var score = entry[0] === q ? 0 : at === 0 ? 1 : 2;
      var old = best[entry[1]];
      if (!old || score < old[0]) best[entry[1]] = [score, entry[2]];
    });
    return Object.keys(best).sort(function (x, y) {
      var d = best[x][0] - best[y][0];
      if (d) return d;
      d = actors[y].weight - actors[x].weight;
      if (d) return d;
      return actors[x].label < actors[y].label ? -1 : 1;
    }).slice(0, 12).map(function (id) { return {id: id, label: actors[id].label, via: best[id][1]}; });
  }
  var input = document.getElementById("kg-search"), results = document.getElementById("kg-results");
  function showResults() {
    results.textContent = "";
    search(input.value).forEach(function (r, i) {
      var li = el("li", r.label, i === 0 ? "kg-active" : "");
      li.setAttribute("data-id", r.id);
      if (r.via && fold(r.via) !== fold(r.label)) li.appendChild(el("span", " (" + r.via + ")", "kg-via"));
      li.addEventListener("click", function () { select(r.id); });
      results.appendChild(li);
    });
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var first = search(input.value)[0];
      if (first) select(first.id);
    } else if (ev.key === "Escape") { input.value = ""; results.textContent = ""; }
  });
  function select(id) {
    if (!actors[id]) return;
    state.pinned.add(id);
    apply();
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: false});
    showActor(id);
  }

  // ------------------------------------------------------------------ controls
  function box(id) { return document.getElementById(id); }
  var relBox = box("kg-relations");
  DATA.relations.forEach(function (r) {
    var lab = el("label"), cb = el("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = r; cb.setAttribute("data-relation", r);
    cb.addEventListener("change", function () { if (cb.checked) state.relations.add(r); else state.relations.delete(r); apply(); });
    lab.appendChild(cb); lab.appendChild(document.createTextNode(" " + r)); relBox.appendChild(lab);
  });
  var polBox = box("kg-polarities");
  DATA.polarities.forEach(function (p) {
    var lab = el("label"), cb = el("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = p; cb.setAttribute("data-polarity", p);
    cb.addEventListener("change", function () { if (cb.checked) state.polarities.add(p); else state.polarities.delete(p); apply(); });
    lab.appendChild(cb); lab.appendChild(document.createTextNode(" " + p)); polBox.appendChild(lab);
  });
  box("kg-min-confidence").addEventListener("input", function (ev) {
    state.minConfidence = parseFloat(ev.target.value) || 0;
    box("kg-min-confidence-value").textContent = state.minConfidence.toFixed(2);
    apply();
  });
  box("kg-min-evidence").addEventListener("input", function (ev) { state.minEvidence = parseInt(ev.target.value, 10) || 1; apply(); });
  if (DATA.dates.length) {
    var from = box("kg-from"), to = box("kg-to");
    from.min = to.min = DATA.dates[0]; from.max = to.max = DATA.dates[1];
    from.addEventListener("change", function () { state.from = from.value; apply(); });
    to.addEventListener("change", function () { state.to = to.value; apply(); });
  } else {
    box("kg-dates").style.display = "none";
  }
  var isolated = DATA.actors.filter(function (a) { return !hasEdge[a.id]; }).length;
  box("kg-isolates-count").textContent = String(isolated);
  box("kg-isolates").addEventListener("change", function (ev) { state.isolates = ev.target.checked; apply(); });
  var connected = DATA.actors.length - isolated;
  if (connected > DATA.initial) {
    box("kg-all-count").textContent = String(connected);
  } else {
    box("kg-all-row").style.display = "none";
  }
  box("kg-all").addEventListener("change", function (ev) { state.all = ev.target.checked; apply(); });

  // ------------------------------------------------------------------ the time slider
  var GREY = "#c7c7c7", baseColor = {};
  nodes.get({fields: ["id", "color"]}).forEach(function (n) { baseColor[n.id] = n.color; });
  Object.keys(pendingNodes).forEach(function (id) { baseColor[id] = pendingNodes[id].color; });
  function setPeriod(index) {
    var periods = DATA.timeline ? DATA.timeline.periods : [];
    index = Math.max(-1, Math.min(periods.length - 1, index));
    state.period = index;
    var p = index >= 0 ? periods[index] : null, colorOf = {}, updates = [];
    periodEdges = null;
    if (p) {
      periodEdges = {};
      p.edges.forEach(function (id) { periodEdges[id] = true; });
      p.blocs.forEach(function (b) { b.members.forEach(function (m) { colorOf[m] = b.color; }); });
    }
    DATA.actors.forEach(function (a) {
      var color = p ? (colorOf[a.id] || GREY) : baseColor[a.id];
      if (pendingNodes[a.id]) pendingNodes[a.id].color = color;
      else updates.push({id: a.id, color: color});
    });
    if (updates.length) nodes.update(updates);
    var name = p ? p.period : "all periods";
    var shown = box("kg-period-name");
    if (shown) shown.textContent = name;
    document.body.setAttribute("data-period", name);
    apply();
  }
  if (DATA.timeline && DATA.timeline.periods.length > 1) {
    var time = box("kg-time"), lab = el("label", "Period "), slider = el("input");
    slider.id = "kg-period"; slider.type = "range"; slider.min = "-1";
    slider.max = String(DATA.timeline.periods.length - 1); slider.step = "1"; slider.value = "-1";
    slider.setAttribute("aria-label", "period (" + DATA.timeline.by + ")");
    lab.appendChild(slider);
    lab.appendChild(document.createTextNode(" "));
    lab.appendChild(el("span", "all periods")).id = "kg-period-name";
    time.appendChild(lab);
    slider.addEventListener("input", function () { setPeriod(parseInt(slider.value, 10)); });
  } else {
    box("kg-time").style.display = "none";
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showActor(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { closePanel(); }
  });

  window.kgExplorer = {state: state, apply: apply, search: search, select: select, showActor: showActor, showEdge: showEdge, setPeriod: setPeriod};
  apply();
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));  // since navigation
    document.body.setAttribute("data-ready", "true");
    setTimeout(window.kgConvertTitles, 0);
  });
  function fitShown() {  // the shown actors, a little smaller than the window: boxes sit at its edges
    network.fit({nodes: visibleIds(), animation: false});
    var legend = document.getElementById("kg-legend"), width = window.innerWidth || 1;
    var room = legend && legend.open ? legend.offsetWidth + 20 : 0;  // keep clear of the legend
    var scale = network.getScale() * 0.92 * Math.max(0.4, (width - room) / width), view = network.getViewPosition();
    network.moveTo({position: {x: view.x + room / 2 / scale, y: view.y}, scale: scale, animation: false});
  }
  box("kg-fit").addEventListener("click", fitShown);
  fitShown();
  network.redraw();
})();
