// SPDX-License-Identifier: GPL-3.0-or-later
// austin's flame graph: draws the frames of AUSTIN (written by SvgWriter.cs) into the SVG, and lets a person zoom
// (click a frame; click "all" or Reset zoom to go back), search (Search button or Ctrl+F: a regular expression;
// Escape clears it) and switch metrics (-f). The first drawing replaces the frames SvgWriter drew for viewers
// without scripts, with the same layout. Frames narrower than a pixel at the current zoom are merged into one grey
// frame per parent, so that a profile of many thousands of stacks stays readable; zooming in shows them, except those
// the writer left out (narrower than 0.1 pixel of the whole graph, as flamegraph.pl's --minwidth).
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  const A = AUSTIN;
  const S = A.strings;
  const n = A.depth.length;
  const W = A.width, PAD = 10, ROW = A.rowHeight, FONT = 12, CHAR = FONT * 0.59;
  const svg = document.documentElement;
  const framesGroup = document.getElementById("frames");
  const details = document.getElementById("details");
  const matched = document.getElementById("matched");
  const resetZoomButton = document.getElementById("reset-zoom");
  const resetSearchButton = document.getElementById("reset-search");

  // The end of each frame's subtree (frames are in depth-first order) and each frame's parent.
  const end = new Int32Array(n), parent = new Int32Array(n);
  {
    const stack = [];
    for (let i = 0; i < n; i++) {
      while (stack.length && A.depth[stack[stack.length - 1]] >= A.depth[i]) end[stack.pop()] = i;
      parent[i] = stack.length ? stack[stack.length - 1] : -1;
      stack.push(i);
    }
    while (stack.length) end[stack.pop()] = n;
  }

  const ELIDED = 7;
  let measure = 0, zoomed = 0, matches = null;

  // Colours: a hue family per kind of code, a shade per function (the same hash and palette as SvgWriter.cs).
  function hash(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  function colour(i) {
    const kind = A.kind[i] & 7, line = (A.kind[i] & 8) !== 0;
    const h = hash(S[A.key[i]]);
    const v1 = (h & 255) / 255, v2 = ((h >>> 8) & 255) / 255, v3 = ((h >>> 16) & 255) / 255;
    let r, g, b;
    switch (kind) {
      case 3: r = 205 + 50 * v3; g = 230 * v1; b = 55 * v2; break;            // the program's own code: warm
      case 4: r = 60 + 50 * v1; g = 150 + 60 * v2; b = 200 + 55 * v3; break;  // the standard library: blue
      case 5: r = 60 + 50 * v1; g = 180 + 60 * v2; b = 60 + 50 * v3; break;   // installed packages: green
      case 6: r = 200; g = 60; b = 60; break;                                 // bad samples
      default: r = 190 + 20 * v1; g = r; b = r + 10;                          // all, processes, threads
    }
    if (line) { r = r + (255 - r) * 0.45; g = g + (255 - g) * 0.45; b = b + (255 - b) * 0.45; }
    return "rgb(" + Math.floor(r) + "," + Math.floor(g) + "," + Math.floor(b) + ")";
  }

  function value(i) { return A.values[measure][i]; }

  function formatValue(v) {
    const unit = A.measures[measure].unit;
    if (unit === "us") {
      // Hundredths rounded from the whole microseconds, half up: toFixed alone rounds the binary double, which
      // puts 999,625 us at 999.63 ms and 999,615 us at 999.61.
      if (v >= 1e6) return (Math.round(v / 1e4) / 100).toFixed(2) + " s";
      if (v >= 1e3) return (Math.round(v / 10) / 100).toFixed(2) + " ms";
      return v + " \u00b5s";
    }
    if (v >= 1024 * 1024) return (v / 1024 / 1024).toFixed(2) + " GB";
    if (v >= 1024) return (v / 1024).toFixed(2) + " MB";
    return v + " KB";
  }
  function percent(v, of) { return of > 0 ? (100 * v / of).toFixed(2) + " %" : "0 %"; }
  function grouped(v) { return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  function describe(i) {
    const file = S[A.file[i]];
    const where = file ? " \u2014 " + file + (A.line[i] ? ":" + A.line[i] : "") : "";
    return S[A.label[i]] + where + "\n" + grouped(A.samples[i]) + " samples, " + formatValue(value(i)) + ", " +
      percent(value(i), value(0)) + " of all";
  }

  function fit(text, width) {
    const chars = Math.floor((width - 6) / CHAR);
    if (chars < 3) return "";
    return text.length <= chars ? text : text.substring(0, chars - 2) + "..";
  }

  function element(name, attributes, text) {
    const e = document.createElementNS(NS, name);
    for (const k in attributes) e.setAttribute(k, attributes[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function y(depth) { return A.top + (A.maxDepth - depth) * ROW; }

  function draw(group, i, x, w, dim) {
    const g = element("g", { "class": "frame" + (dim ? " ancestor" : ""), "data-i": i });
    g.appendChild(element("title", {}, describe(i)));
    const fill = matches && matches[i] ? "rgb(230,0,230)" : colour(i);
    g.appendChild(element("rect", { x: (PAD + x).toFixed(2), y: y(A.depth[i]), width: w.toFixed(2), height: ROW - 1, fill: fill, rx: 2 }));
    g.appendChild(element("text", { x: (PAD + x + 3).toFixed(2), y: y(A.depth[i]) + 11.5 }, fit(S[A.label[i]], w)));
    group.appendChild(g);
  }

  function drawMerged(group, depth, x, w, count, v, elided) {
    const g = element("g", { "class": "frame merged" });
    const why = elided === count ? "too narrow to be kept in the file" :
      "zoom into the frame below to see them" + (elided > 0 ? "; " + grouped(elided) + " of them are too narrow to be kept in the file" : "");
    g.appendChild(element("title", {}, grouped(count) + " frames narrower than a pixel: " + formatValue(v) + ", " +
      percent(v, value(0)) + " of all (" + why + ")"));
    g.appendChild(element("rect", { x: (PAD + x).toFixed(2), y: y(depth), width: w.toFixed(2), height: ROW - 1, fill: "rgb(215,215,215)", rx: 2 }));
    group.appendChild(g);
  }

  function render() {
    const group = element("g", { id: "frames" });
    const total = value(zoomed);
    const scale = total > 0 ? (W - 2 * PAD) / total : 0;
    for (let a = parent[zoomed]; a >= 0; a = parent[a]) draw(group, a, 0, W - 2 * PAD, true);
    function place(i, x) {
      const w = value(i) * scale;
      draw(group, i, x, w, false);
      let cx = x, narrow = 0, count = 0, elided = 0;
      for (let c = i + 1; c < end[i]; c = end[c]) {
        const v = value(c);
        if (v <= 0) continue;
        // Frames the writer left out (kind 7, ELIDED) are one entry that stands for A.line[c] of them.
        if ((A.kind[c] & 7) === ELIDED) { narrow += v; count += A.line[c]; elided += A.line[c]; }
        else if (v * scale >= 1) { place(c, cx); cx += v * scale; } else { narrow += v; count++; }
      }
      if (count > 0) drawMerged(group, A.depth[i] + 1, cx, narrow * scale, count, narrow, elided);
    }
    if (total > 0) place(zoomed, 0);
    const old = document.getElementById("frames");
    old.parentNode.replaceChild(group, old);
    resetZoomButton.style.display = zoomed === 0 ? "none" : "";
  }

  function zoom(i) { zoomed = i; render(); }

  function search(term) {
    if (term === null || term === undefined || term === "") { resetSearch(); return; }
    let re;
    try { re = new RegExp(term); } catch (e) { re = new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")); }
    matches = new Uint8Array(n);
    let sum = 0, count = 0, inside = -1;
    for (let i = 1; i < n; i++) {
      if ((A.kind[i] & 7) === ELIDED) continue;
      const hit = re.test(S[A.label[i]]) || re.test(S[A.file[i]]);
      if (!hit) continue;
      matches[i] = 1;
      count++;
      // A match inside another match is already counted (recursion, or a function and its lines).
      if (i >= inside) { sum += value(i); inside = end[i]; }
    }
    matched.textContent = "Matched: " + percent(sum, value(0)) + " (" + grouped(count) + " frames)";
    resetSearchButton.style.display = "";
    render();
    return sum / Math.max(value(0), 1);
  }

  function resetSearch() {
    matches = null;
    matched.textContent = "";
    resetSearchButton.style.display = "none";
    render();
  }

  function useMeasure(m) {
    measure = m;
    for (const b of document.querySelectorAll(".measure")) b.classList.toggle("chosen", +b.getAttribute("data-m") === m);
    if (matches) matched.textContent = "";
    matches = null;
    zoomed = 0;
    render();
  }

  svg.addEventListener("click", function (e) {
    const g = e.target.closest && e.target.closest("g.frame");
    if (g && g.hasAttribute("data-i")) { zoom(+g.getAttribute("data-i")); return; }
    const b = e.target.closest && e.target.closest(".button");
    if (!b) return;
    if (b.id === "reset-zoom") zoom(0);
    else if (b.id === "search") search(prompt("Search frames (a regular expression)", ""));
    else if (b.id === "reset-search") resetSearch();
    else if (b.classList.contains("measure")) useMeasure(+b.getAttribute("data-m"));
  });
  svg.addEventListener("mouseover", function (e) {
    const g = e.target.closest && e.target.closest("g.frame");
    if (g) details.textContent = g.querySelector("title").textContent.replace("\n", " \u2014 ");
  });
  svg.addEventListener("mouseout", function () { details.textContent = " "; });
  window.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "f") { e.preventDefault(); search(prompt("Search frames (a regular expression)", "")); }
    else if (e.key === "Escape") { resetSearch(); }
  });

  // For people at the console and for tests.
  window.austin = { zoom: zoom, search: search, resetSearch: resetSearch, useMeasure: useMeasure, frames: n };
  render();
})();
