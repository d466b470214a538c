// SPDX-License-Identifier: GPL-3.0-or-later
// Added to a copy of one of austin's SVG flame graphs by PictureFormatsTests: after flamegraph.js has drawn the frames,
// it notes them, zooms into the first frame of the function ZOOM_TO, searches SEARCH, and leaves what it found as JSON
// in a desc element with the id "results", which Chromium's --dump-dom prints.
(function () {
  "use strict";
  function frames() {
    return Array.from(document.querySelectorAll("#frames g.frame[data-i]")).map(function (g) {
      return {
        i: +g.getAttribute("data-i"),
        label: fullLabel(g),
        width: +g.querySelector("rect").getAttribute("width"),
        fill: g.querySelector("rect").getAttribute("fill"),
        ancestor: g.classList.contains("ancestor"),
      };
    });
  }
  // The frame's label as the tooltip gives it (the drawn text may be cut short).
  function fullLabel(g) { return g.querySelector("title").textContent.split("\n")[0].split(" \u2014 ")[0]; }

  const results = { initial: frames() };
  const target = results.initial.filter(function (f) { return f.label.indexOf(ZOOM_TO + " (") === 0; })[0];
  window.austin.zoom(target.i);
  const zoomed = frames();
  results.zoomedWidth = zoomed.filter(function (f) { return f.i === target.i; })[0].width;
  results.zoomedAway = results.initial.length - zoomed.length;
  window.austin.zoom(0);
  results.share = window.austin.search(SEARCH);
  results.matched = document.getElementById("matched").textContent;
  results.highlighted = frames().filter(function (f) { return f.fill === "rgb(230,0,230)"; }).length;
  const desc = document.createElementNS("http://www.w3.org/2000/svg", "desc");
  desc.setAttribute("id", "results");
  desc.textContent = JSON.stringify(results);
  document.documentElement.appendChild(desc);
})();
