// SPDX-License-Identifier: GPL-3.0-or-later
// austin-web's live flame graph: fetches flame.json every 3 s and draws it as SVG, root at the top (an icicle: the
// busy frames are in view however deep the stacks). Click a frame to zoom on it (its ancestors stay, dimmed, above), search with a regular expression; the thread list filters.
// ?zoom=NAME and ?search=RE do the same from the address (the tests use them); #report holds what the page shows.
"use strict";
(function () {
  const REFRESH_MS = 3000, ROW = 17, SVGNS = "http://www.w3.org/2000/svg";
  const params = new URLSearchParams(location.search);
  const $ = (id) => document.getElementById(id);
  let data = null, zoomPath = [], searchText = params.get("search") || "", pendingZoom = params.get("zoom");
  const history = [];
  $("search").value = searchText;

  // Merges the flat tree of flame.json into view nodes for the chosen thread (all: process and thread rows first).
  function build(d, thread) {
    const root = { name: "all", file: "", key: "", own: 0, total: 0, children: new Map(), parent: null, depth: 0 };
    const view = new Array(d.nodes.length / 4 + 1);
    view[0] = root;
    const processes = new Set();
    for (let i = 0; i < d.nodes.length; i += 4) if (d.nodes[i + 1] === 1) processes.add(d.nodes[i + 2]);
    for (let i = 0, n = 1; i < d.nodes.length; i += 4, n++) {
      const parent = view[d.nodes[i]], kind = d.nodes[i + 1], key = d.nodes[i + 2], own = d.nodes[i + 3];
      if (parent === undefined) { view[n] = undefined; continue; }
      let node = parent, name, file = "", id;
      if (kind === 1) {
        if (thread !== "all" || processes.size < 2) { view[n] = parent; continue; }
        name = "Process " + key; id = "p" + key;
      } else if (kind === 2) {
        if (thread !== "all") { view[n] = String(key) === thread ? parent : undefined; continue; }
        name = "Thread " + d.threads[key]; id = "t" + key;
      } else if (kind === 3) {
        name = d.functions[key][0]; file = d.functions[key][1]; id = name + "\u0000" + file;
      } else { name = "Bad sample"; id = "bad"; }
      node = parent.children.get(id);
      if (!node) {
        node = { name: name, file: file, key: id, own: 0, total: 0, children: new Map(), parent: parent, depth: parent.depth + 1 };
        parent.children.set(id, node);
      }
      node.own += own;
      view[n] = node;
    }
    (function sum(node) { node.total = node.own; for (const c of node.children.values()) node.total += sum(c); return node.total; })(root);
    return root;
  }

  function pathOf(node) { const p = []; for (; node && node.parent; node = node.parent) p.unshift(node.key); return p; }

  function find(root, path) {
    let node = root;
    for (const key of path) { const next = node.children.get(key); if (!next) break; node = next; }
    return node;
  }

  function findByName(root, name) {
    let best = null;
    (function walk(node) {
      if (node.name === name && (!best || node.total > best.total)) best = node;
      for (const c of node.children.values()) walk(c);
    })(root);
    return best;
  }

  function color(name) {
    let h = 0;
    for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
    return "rgb(" + (205 + h % 50) + "," + (80 + (h >> 8) % 130) + "," + (30 + (h >> 16) % 40) + ")";
  }

  function percent(part, whole) { return whole > 0 ? (100 * part / whole).toFixed(2) + "%" : "-"; }

  function unitText(value) {
    return data.unit === "KB" ? value.toLocaleString() + " KB" : (value / 1e6).toFixed(3) + " s";
  }

  function render() {
    const thread = $("thread").value;
    const root = build(data, thread);
    if (pendingZoom) { const z = findByName(root, pendingZoom); if (z) { zoomPath = pathOf(z); pendingZoom = null; } }
    const zoomed = find(root, zoomPath);
    let re = null;
    try { re = searchText ? new RegExp(searchText, "i") : null; } catch (e) { re = null; }
    const width = Math.max(200, $("graph").clientWidth - 24);
    let depth = 0;
    (function deepest(n) { depth = Math.max(depth, n.depth); for (const c of n.children.values()) deepest(c); })(zoomed);
    const height = (depth + 1) * ROW;
    const svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("height", height);
    const shown = [];
    let matched = 0;
    function draw(node, x, w, dim, inMatch) {
      if (w < 0.3) return;
      const g = document.createElementNS(SVGNS, "g");
      const isMatch = re !== null && node.parent !== null && (re.test(node.name) || re.test(node.file));
      if (isMatch && !inMatch && !dim) matched += node.total;
      g.setAttribute("class", (dim ? "dim" : "") + (isMatch ? " match" : ""));
      g.dataset.name = node.name;
      const y = node.depth * ROW;
      const rect = document.createElementNS(SVGNS, "rect");
      rect.setAttribute("x", x); rect.setAttribute("y", y); rect.setAttribute("width", w); rect.setAttribute("height", ROW - 1);
      rect.setAttribute("fill", node.parent ? color(node.name) : "#d0d0d0");
      const title = document.createElementNS(SVGNS, "title");
      title.textContent = node.name + (node.file ? " (" + node.file + ")" : "") + ": " + unitText(node.total) + ", " + percent(node.total, root.total);
      g.appendChild(title); g.appendChild(rect);
      if (w > 30) {
        const text = document.createElementNS(SVGNS, "text");
        text.setAttribute("x", x + 3); text.setAttribute("y", y + ROW - 5);
        const room = Math.floor((w - 6) / 6.6);
        text.textContent = node.name.length > room ? node.name.slice(0, Math.max(0, room - 2)) + ".." : node.name;
        g.appendChild(text);
      }
      g.addEventListener("click", () => { zoomPath = pathOf(node); render(); });
      g.addEventListener("mouseover", () => { $("details").textContent = title.textContent; });
      svg.appendChild(g);
      if (!dim) shown.push(node.name);
      if (dim) return;
      const children = Array.from(node.children.values()).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      let cx = x;
      for (const c of children) { const cw = node.total > 0 ? w * c.total / node.total : 0; draw(c, cx, cw, false, inMatch || isMatch); cx += cw; }
    }
    for (let a = zoomed.parent; a; a = a.parent) draw(a, 0, width, true, false);
    draw(zoomed, 0, width, false, false);
    $("graph").replaceChildren(svg);
    const report = {
      refreshes: history, thread: thread, total: root.total,
      zoomed: zoomed.parent ? { name: zoomed.name, share: percent(zoomed.total, root.total) } : null,
      search: searchText, matched: re ? percent(matched, zoomed.total) : null,
      functions: Array.from(new Set(shown)).sort(),
    };
    $("report").textContent = JSON.stringify(report);
    $("details").textContent = (zoomed.parent ? "zoomed on " + zoomed.name + " (" + percent(zoomed.total, root.total) + ")  " : "")
      + (re ? "search: " + percent(matched, zoomed.total) + " matched" : "");
  }

  function updateThreads() {
    const select = $("thread"), chosen = select.value;
    const names = ["all"].concat(data.threads.map((_, i) => String(i)));
    if (select.options.length !== names.length) {
      select.replaceChildren();
      names.forEach((v) => {
        const o = document.createElement("option");
        o.value = v; o.textContent = v === "all" ? "all threads" : data.threads[Number(v)];
        select.appendChild(o);
      });
      select.value = names.includes(chosen) ? chosen : "all";
    }
  }

  async function refresh() {
    try {
      const response = await fetch("flame.json", { cache: "no-store" });
      const d = await response.json();
      $("title").textContent = d.title;
      if (d.nodes) {
        data = d;
        updateThreads();
        let total = 0;
        for (let i = 3; i < d.nodes.length; i += 4) total += d.nodes[i];
        history.push(total);
        render();
        $("figures").textContent = d.stacks.toLocaleString() + " stacks, " + (d.seconds / 1000).toFixed(1) + " s, "
          + (d.python ? "Python " + d.python + ", " : "") + d.mode + (d.state === "ended" ? ", sampling ended" : "");
      } else {
        $("figures").textContent = "waiting for the Python runtime...";
      }
    } catch (e) {
      $("figures").textContent = "austin is not answering (" + e + ")";
    }
    setTimeout(refresh, REFRESH_MS);
  }

  $("thread").addEventListener("change", () => { zoomPath = []; if (data) render(); });
  $("search").addEventListener("input", () => { searchText = $("search").value; if (data) render(); });
  $("reset").addEventListener("click", () => { zoomPath = []; if (data) render(); });
  window.addEventListener("resize", () => { if (data) render(); });
  refresh();
})();
