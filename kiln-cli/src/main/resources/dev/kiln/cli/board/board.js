/*
 * Kiln board: the page of `kiln board` (live: polls the server) and of each run's report.html
 * (one run, data inlined). Charts are drawn with uPlot (vendor/uPlot.iife.min.js, MIT).
 * Everything a run folder names (runs, classes, options) is inserted as text, never as HTML.
 */
var KilnBoard = (function () {
  "use strict";

  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
  var state = {
    opts: null,        // {mode: "live"|"report", api, files, pollMillis, runs}
    runs: [],          // run summaries, in the order of the runs folder
    full: {},          // name -> full run (epochs, steps, confusion, ...)
    selected: {},      // name -> true for runs drawn on the charts
    focus: null,       // the run whose details are shown
    charts: {},        // chart id -> {plot, key}
    log: false,
    smoothing: 0.6,
    chosen: false      // whether a selection was made (by the user or the first load)
  };

  // ---- small DOM helpers -------------------------------------------------------------------

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") { e.textContent = attrs[k]; }
        else if (k === "on") { Object.keys(attrs.on).forEach(function (ev) { e.addEventListener(ev, attrs.on[ev]); }); }
        else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { e.setAttribute(k, attrs[k] === true ? "" : attrs[k]); }
      });
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); }
    });
    return e;
  }

  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }

  function pct(v) { return v === null || v === undefined ? "–" : (100 * v).toFixed(2) + "%"; }
  function num(v, digits) { return v === null || v === undefined ? "–" : Number(v).toPrecision(digits || 4); }
  function duration(s) {
    if (!s) { return "–"; }
    if (s < 60) { return s.toFixed(1) + " s"; }
    var m = Math.floor(s / 60);
    return m < 60 ? m + " min " + Math.round(s - 60 * m) + " s" : Math.floor(m / 60) + " h " + (m % 60) + " min";
  }
  function colour(name) {
    var i = state.runs.findIndex(function (r) { return r.name === name; });
    return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
  }
  function cfg(run, key) { return run.config && run.config[key] !== undefined && run.config[key] !== null ? run.config[key] : null; }

  // ---- data ------------------------------------------------------------------------------------

  function fetchJson(url) {
    return fetch(url, {cache: "no-store"}).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }

  /** TensorBoard's smoothing: an exponential moving average, debiased for its first values. */
  function smooth(ys, weight) {
    var out = new Array(ys.length), last = 0, n = 0;
    for (var i = 0; i < ys.length; i++) {
      var y = ys[i];
      if (y === null || y === undefined || !isFinite(y)) { out[i] = null; continue; }
      last = last * weight + (1 - weight) * y;
      n++;
      out[i] = last / (1 - Math.pow(weight, n));
    }
    return out;
  }

  function positive(ys) { return ys.map(function (y) { return y !== null && y > 0 ? y : null; }); }
  function times100(ys) { return ys.map(function (y) { return y === null || y === undefined ? null : 100 * y; }); }
  function hasValues(ys) { return ys && ys.some(function (y) { return y !== null && y !== undefined; }); }

  // ---- runs table ------------------------------------------------------------------------------

  function renderRuns() {
    var table = clear(document.getElementById("runs-table"));
    table.appendChild(el("thead", null, [el("tr", null, ["", "run", "status", "model", "data", "optimizer", "lr", "batch", "epochs",
      "best val acc", "last val acc", "test acc", "val loss (best)", "duration"].map(function (h) { return el("th", {text: h}); }))]));
    var body = el("tbody");
    state.runs.forEach(function (run) {
      var s = run.summary || {}, res = run.results || {};
      var box = el("input", {type: "checkbox", "class": "select-run", "data-run": run.name, checked: !!state.selected[run.name],
        title: "draw this run on the charts", on: {change: function (e) { toggle(run.name, e.target.checked); }}});
      var name = el("a", {href: "#", "class": "run-name", text: run.name, on: {click: function (e) { e.preventDefault(); focusRun(run.name); }}});
      var test = res.test_accuracy !== undefined
        ? pct(res.test_accuracy) + (res.checkpoint ? " (" + res.checkpoint + (res.checkpoint_epoch ? ", epoch " + res.checkpoint_epoch : "") + ")" : "")
        : "–";
      var row = el("tr", {"data-run": run.name, "class": run.name === state.focus ? "focus" : null}, [
        el("td", null, [el("span", {"class": "swatch", style: "background:" + colour(run.name)}), box]),
        el("td", null, [name]),
        el("td", {"class": "status " + s.status, text: s.status || ""}),
        el("td", {"class": "text", text: cfg(run, "model") || ""}),
        el("td", {"class": "text", text: cfg(run, "data") || ""}),
        el("td", {"class": "text", text: (cfg(run, "optimizer") || "") + (cfg(run, "scheduler") ? ", " + cfg(run, "scheduler") : "")}),
        el("td", {text: cfg(run, "lr") === null ? "–" : String(cfg(run, "lr"))}),
        el("td", {text: cfg(run, "batch_size") === null ? "–" : String(cfg(run, "batch_size"))}),
        el("td", {text: (s.epochs_done || 0) + " / " + (cfg(run, "epochs") || "?")}),
        el("td", {"class": "best-val-acc", text: pct(s.best_val_accuracy) + (s.best_epoch ? " (" + s.best_epoch + ")" : "")}),
        el("td", {text: pct(s.last_val_accuracy)}),
        el("td", {"class": "test-acc", text: test}),
        el("td", {text: num(s.best_val_loss)}),
        el("td", {text: duration(s.seconds)})
      ]);
      body.appendChild(row);
    });
    table.appendChild(body);
    if (!state.runs.length) {
      table.appendChild(el("caption", {text: "No runs yet: start one with  kiln train --out " + "runs/NAME"}));
    }
  }

  /** The selection from the page address, e.g. #runs=a,b&focus=a (kept up to date, so it can be bookmarked). */
  function chooseFromAddress(runs) {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    (params.get("runs") || "").split(",").forEach(function (n) {
      if (runs.some(function (r) { return r.name === n; })) { state.selected[n] = true; state.chosen = true; }
    });
    var focus = params.get("focus");
    if (state.chosen) { state.focus = state.selected[focus] ? focus : Object.keys(state.selected)[0]; }
  }

  function remember() {
    if (state.opts.mode !== "live") { return; }
    var params = new URLSearchParams();
    params.set("runs", Object.keys(state.selected).join(","));
    if (state.focus) { params.set("focus", state.focus); }
    history.replaceState(null, "", "#" + params.toString());
  }

  function toggle(name, on) {
    if (on) { state.selected[name] = true; } else { delete state.selected[name]; }
    state.chosen = true;
    remember();
    load(Object.keys(state.selected)).then(function () { renderCharts(); });
  }

  function focusRun(name) {
    state.focus = name;
    if (!state.selected[name]) { state.selected[name] = true; }
    remember();
    load([name]).then(function () { renderRuns(); renderCharts(); renderDetails(); });
  }

  /** Fetches the full data of the named runs that are missing or out of date. */
  function load(names) {
    if (state.opts.mode !== "live") { return Promise.resolve(); }
    var wanted = names.filter(function (n) {
      var summary = state.runs.find(function (r) { return r.name === n; });
      return summary && (!state.full[n] || state.full[n].version !== summary.version);
    });
    return Promise.all(wanted.map(function (n) {
      return fetchJson(state.opts.api + "run?name=" + encodeURIComponent(n)).then(function (run) { state.full[n] = run; });
    })).then(function () { return wanted.length; });
  }

  // ---- charts ----------------------------------------------------------------------------------

  /**
   * One chart's series for the selected runs: for each run a table [x, y...] and the series
   * options; the tables are joined on x with uPlot.join.
   */
  function chartData(def) {
    var tables = [], series = [{label: def.x}];
    Object.keys(state.selected).forEach(function (name) {
      var run = state.full[name];
      if (!run) { return; }
      var cols = run[def.source] || {};
      var xs = cols[def.xColumn];
      if (!xs || !xs.length) { return; }
      var table = [xs], c = colour(name);
      def.lines.forEach(function (line) {
        var ys = cols[line.column];
        if (!hasValues(ys)) { return; }
        if (line.scale) { ys = line.scale(ys); }
        if (def.logAllowed && state.log) { ys = positive(ys); }
        var label = (Object.keys(state.selected).length > 1 || state.opts.mode === "live" ? name + " " : "") + line.label;
        if (line.smoothable && state.smoothing > 0) {
          table.push(ys);
          series.push({label: label + " (raw)", stroke: c + "40", width: 1, spanGaps: true});
          table.push(smooth(ys, state.smoothing));
          series.push({label: label, stroke: c, width: 1.5, spanGaps: true});
        } else {
          table.push(ys);
          series.push({label: label, stroke: c, width: line.dash ? 1.5 : 2, dash: line.dash, spanGaps: true,
            points: {show: xs.length <= 60}});
        }
      });
      if (table.length > 1) { tables.push(table); }
    });
    if (!tables.length) { return null; }
    return {data: tables.length === 1 ? tables[0] : uPlot.join(tables), series: series};
  }

  /** Tick spacings for the x axes, which count epochs and steps: whole numbers only. */
  var INTEGER_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6];

  var CHARTS = [
    {id: "loss-epoch", title: "Loss per epoch", source: "epochs", xColumn: "epoch", x: "epoch", y: "loss", logAllowed: true, sync: "epochs",
      lines: [{column: "train_loss", label: "train"}, {column: "val_loss", label: "validation", dash: [6, 4]}]},
    {id: "accuracy-epoch", title: "Accuracy per epoch (%)", source: "epochs", xColumn: "epoch", x: "epoch", y: "accuracy (%)", sync: "epochs",
      lines: [{column: "train_accuracy", label: "train", scale: times100}, {column: "val_accuracy", label: "validation", dash: [6, 4], scale: times100}]},
    {id: "loss-step", title: "Loss per step", source: "steps", xColumn: "step", x: "step", y: "loss", logAllowed: true, sync: "steps",
      lines: [{column: "loss", label: "loss", smoothable: true}]},
    {id: "lr-step", title: "Learning rate per step", source: "steps", xColumn: "step", x: "step", y: "learning rate", logAllowed: true, sync: "steps",
      lines: [{column: "lr", label: "lr"}]}
  ];

  function chartWidth() {
    var w = document.getElementById("charts").clientWidth || 900;
    // two charts side by side when they can be 480 px wide: the gap (16) and each box's padding and border (10)
    return w >= 1000 ? Math.floor((w - 16 - 2 * 10) / 2) - 2 : Math.max(320, w - 12);
  }

  function renderCharts() {
    var host = document.getElementById("charts");
    CHARTS.forEach(function (def) {
      var box = document.getElementById("chart-" + def.id);
      var d = chartData(def);
      if (!d) {
        if (box) { if (state.charts[def.id]) { state.charts[def.id].plot.destroy(); delete state.charts[def.id]; } host.removeChild(box); }
        return;
      }
      if (!box) {
        box = el("div", {id: "chart-" + def.id, "class": "chart", "data-chart": def.id});
        host.appendChild(box);
        // keep the charts in their defined order
        CHARTS.forEach(function (other) { var b = document.getElementById("chart-" + other.id); if (b) { host.appendChild(b); } });
      }
      var key = JSON.stringify([d.series.map(function (s) { return s.label; }), state.log && !!def.logAllowed]);
      var existing = state.charts[def.id];
      if (existing && existing.key === key) {
        var u = existing.plot, xs = u.data[0];
        var zoomed = xs.length > 0 && (u.scales.x.min > xs[0] || u.scales.x.max < xs[xs.length - 1]);
        u.setData(d.data, !zoomed);
        return;
      }
      if (existing) { existing.plot.destroy(); }
      clear(box);
      var opts = {
        title: def.title,
        width: chartWidth(),
        height: 280,
        cursor: {sync: {key: def.sync}, drag: {x: true, y: false}},
        scales: {x: {time: false}, y: {distr: state.log && def.logAllowed ? 3 : 1}},
        axes: [{label: def.x, incrs: INTEGER_STEPS}, {label: def.y, size: 60}],
        series: d.series,
        hooks: {draw: [function (u) {
          var points = 0;
          for (var i = 1; i < u.data.length; i++) {
            if (u.series[i].show) { u.data[i].forEach(function (y) { if (y !== null && y !== undefined) { points++; } }); }
          }
          box.setAttribute("data-drawn-points", String(points));
          box.setAttribute("data-series", u.series.slice(1).map(function (s) { return s.label; }).join("|"));
        }]}
      };
      state.charts[def.id] = {plot: new uPlot(opts, d.data, box), key: key};
    });
  }

  // ---- details of the focused run -----------------------------------------------------------------

  function renderDetails() {
    var host = clear(document.getElementById("details"));
    var run = state.focus && state.full[state.focus];
    if (!run) { return; }
    host.appendChild(el("h2", {text: state.opts.mode === "live" ? "Run " + run.name : "Run"}));
    var res = run.results;
    if (res && res.test_accuracy !== undefined) {
      var line = "Test accuracy " + pct(res.test_accuracy) + ", loss " + num(res.test_loss)
        + (res.checkpoint ? " — measured on the " + res.checkpoint + " checkpoint" : "")
        + (res.checkpoint_epoch ? " (epoch " + res.checkpoint_epoch + ")" : "")
        + (res.test_samples ? ", " + res.test_samples + " test samples" : "") + ".";
      host.appendChild(el("p", {"class": "results", text: line}));
      if (res.last_test_accuracy !== undefined && res.last_test_accuracy !== null) {
        host.appendChild(el("p", {"class": "results", text: "The last epoch's weights: test accuracy " + pct(res.last_test_accuracy) + "."}));
      }
    }
    var grid = el("div", {"class": "detail-grid"});
    host.appendChild(grid);

    var config = el("table", {"class": "config"});
    Object.keys(run.config || {}).forEach(function (k) {
      var v = run.config[k];
      config.appendChild(el("tr", null, [el("th", {text: k}), el("td", {text: v === null ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v)})]));
    });
    grid.appendChild(el("div", null, [el("h3", {text: "Configuration (run.json)"}), config]));

    if (run.confusion && run.confusion.matrix) { grid.appendChild(confusion(run.confusion)); }
    if (run.misclassified && run.misclassified.examples) { host.appendChild(misclassified(run.misclassified, run.confusion)); }

    if (run.files && run.files.length) {
      var list = el("ul", {"class": "files"});
      run.files.forEach(function (f) {
        var href = state.opts.mode === "live" ? state.opts.files + (run.name === "." ? "" : encodeURI(run.name) + "/") + encodeURI(f) : encodeURI(f);
        list.appendChild(el("li", null, [el("a", {href: href, text: f})]));
      });
      host.appendChild(el("details", null, [el("summary", {text: "Files (" + run.files.length + ")"}), list]));
    }
  }

  function className(conf, i) { return conf.classes && conf.classes[i] !== undefined ? String(conf.classes[i]) : String(i); }

  function confusion(conf) {
    var m = conf.matrix, n = m.length;
    var table = el("table", {"class": "confusion"});
    var head = el("tr", null, [el("th", {"class": "corner", text: "true \u2193 predicted \u2192"})]);
    for (var j = 0; j < n; j++) { head.appendChild(el("th", {text: className(conf, j)})); }
    table.appendChild(head);
    for (var i = 0; i < n; i++) {
      var total = m[i].reduce(function (a, b) { return a + b; }, 0);
      var row = el("tr", null, [el("th", {text: className(conf, i)})]);
      for (var k = 0; k < n; k++) {
        var share = total ? m[i][k] / total : 0;
        var bg = i === k ? "rgba(44,160,44," + share.toFixed(3) + ")" : "rgba(214,39,40," + Math.min(1, 3 * share).toFixed(3) + ")";
        row.appendChild(el("td", {"class": i === k ? "diag" : null, style: "background:" + bg,
          title: className(conf, i) + " predicted as " + className(conf, k) + ": " + m[i][k], text: String(m[i][k])}));
      }
      table.appendChild(row);
    }
    var caption = "Confusion matrix" + (conf.split ? " (" + conf.split + " split" : "") + (conf.checkpoint ? ", " + conf.checkpoint + " checkpoint" : "")
      + (conf.split ? ")" : "");
    return el("div", null, [el("h3", {text: caption}), table]);
  }

  function misclassified(mis, conf) {
    var names = conf || {};
    var wrap = el("div", {"class": "misclassified"});
    mis.examples.forEach(function (ex) {
      var picture = ex.image ? el("img", {src: ex.image, alt: "test sample " + ex.index, width: 84, height: 84})
        : el("code", {text: (ex.features || []).map(function (v) { return Number(v).toPrecision(3); }).join(", ")});
      wrap.appendChild(el("figure", null, [picture, el("figcaption", {text: "#" + ex.index + ": " + className(names, ex.label) + " \u2192 "
        + className(names, ex.predicted) + " (p " + Number(ex.probability).toFixed(2) + ")"})]));
    });
    var title = "Misclassified test examples (" + mis.examples.length + (mis.total !== undefined ? " of " + mis.total : "") + ")";
    return el("section", null, [el("h3", {text: title}), wrap]);
  }

  // ---- start -----------------------------------------------------------------------------------------

  /** Links to the lab books and studies in the runs folder. */
  function renderPages(pages) {
    var host = clear(document.getElementById("pages"));
    if (!pages.length) { return; }
    var list = el("ul", {"class": "pages"});
    pages.forEach(function (p) { list.appendChild(el("li", null, [el("a", {href: p.href, text: p.name})])); });
    host.appendChild(el("h2", {text: "Lab books"}));
    host.appendChild(list);
  }

  /** The studies of kiln tune: trials by state, the best trial (lowest validation loss), links to study.html and the best run. */
  function renderStudies(studies) {
    var host = clear(document.getElementById("studies"));
    if (!studies.length) { return; }
    var head = el("tr", null, ["Study", "Trials", "Best validation loss", "Accuracy", "Best parameters", "Best run"].map(function (h) {
      return el("th", {text: h});
    }));
    var body = el("tbody");
    studies.forEach(function (st) {
      var counts = Object.keys(st.states).map(function (k) { return st.states[k] + " " + k.toLowerCase(); }).join(", ");
      var b = st.best;
      var params = b ? Object.keys(b.params || {}).map(function (k) {
        var v = b.params[k];
        return k + "=" + (typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(3) : v);
      }).join(" ") : "";
      var runCell = st.best_run ? el("button", {type: "button", "class": "show-run", "data-run": st.best_run, text: st.best_run,
        on: {click: function () { state.selected[st.best_run] = true; state.focus = st.best_run; remember(); refresh(); }}}) : "";
      var links = [el("a", {href: st.report, "class": "study-report", text: st.name})];
      if (st.trials_csv) { links.push(" ", el("a", {href: st.trials_csv, "class": "trials-csv", text: "trials.csv"})); }
      body.appendChild(el("tr", {"data-study": st.name}, [
        el("td", {"class": "text"}, links),
        el("td", {"class": "trial-count", text: st.trials + (counts ? " (" + counts + ")" : "")}),
        el("td", {"class": "best-value", text: b ? Number(b.value).toFixed(4) + " (trial " + b.number + ")" : "none complete"}),
        el("td", {"class": "best-acc", text: b && b.validation_accuracy !== undefined ? (100 * b.validation_accuracy).toFixed(2) + "%" : ""}),
        el("td", {"class": "text best-params", text: params}),
        el("td", null, [runCell])
      ]));
    });
    host.appendChild(el("h2", {text: "Studies (kiln tune)"}));
    host.appendChild(el("table", {id: "studies-table"}, [el("thead", null, [head]), body]));
  }

  function refresh() {
    var status = document.getElementById("live-status");
    fetchJson(state.opts.api + "pages").then(renderPages).catch(function () { /* shown by the runs request */ });
    fetchJson(state.opts.api + "studies").then(renderStudies).catch(function () { /* shown by the runs request */ });
    return fetchJson(state.opts.api + "runs").then(function (runs) {
      state.runs = runs;
      if (!state.chosen && runs.length) { chooseFromAddress(runs); }
      if (!state.chosen && runs.length) {
        var newest = runs.reduce(function (a, b) { return b.version > a.version ? b : a; });
        state.selected[newest.name] = true;
        state.focus = newest.name;
        state.chosen = true;
      }
      Object.keys(state.selected).forEach(function (n) { if (!runs.some(function (r) { return r.name === n; })) { delete state.selected[n]; } });
      renderRuns();
      var names = Object.keys(state.selected);
      if (state.focus && names.indexOf(state.focus) < 0) { names.push(state.focus); }
      return load(names);
    }).then(function (changed) {
      if (changed || !document.querySelector("#charts .uplot")) { renderCharts(); renderDetails(); }
      var running = state.runs.filter(function (r) { return r.summary && r.summary.status === "running"; }).length;
      status.textContent = "live · " + state.runs.length + " run(s)" + (running ? ", " + running + " training" : "") + " · updated "
        + new Date().toLocaleTimeString();
      status.className = "ok";
    }).catch(function (e) {
      status.textContent = "board unreachable: " + e.message;
      status.className = "error";
    });
  }

  function start(opts) {
    state.opts = opts;
    var log = document.getElementById("log-scale"), smoothing = document.getElementById("smoothing"), shown = document.getElementById("smoothing-value");
    state.log = log.checked;
    state.smoothing = Number(smoothing.value);
    log.addEventListener("change", function () { state.log = log.checked; renderCharts(); });
    smoothing.addEventListener("input", function () {
      state.smoothing = Number(smoothing.value);
      shown.textContent = state.smoothing.toFixed(2);
      renderCharts();
    });
    var resizing = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () {
        Object.keys(state.charts).forEach(function (id) { state.charts[id].plot.setSize({width: chartWidth(), height: 280}); });
      }, 100);
    });
    if (opts.mode === "live") {
      refresh();
      setInterval(refresh, opts.pollMillis || 2000);
    } else {
      state.runs = opts.runs;
      opts.runs.forEach(function (r) { state.full[r.name] = r; state.selected[r.name] = true; });
      state.focus = opts.runs.length ? opts.runs[0].name : null;
      state.chosen = true;
      document.getElementById("live-status").textContent = "report · open with kiln board for live updates";
      renderRuns();
      renderCharts();
      renderDetails();
    }
  }

  /** The uPlot instance of a chart ("loss-epoch", "accuracy-epoch", "loss-step", "lr-step"), or null. */
  function plot(id) { return state.charts[id] ? state.charts[id].plot : null; }

  return {start: start, smooth: smooth, plot: plot};
})();
