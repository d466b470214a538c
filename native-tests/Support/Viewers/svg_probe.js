// SPDX-License-Identifier: GPL-3.0-or-later
// Added to a copy of one of austin's SVG flame graphs by PictureFormatsTests: after flamegraph.js has drawn the frames,
// it notes them and the tooltip of the first frame of the function ZOOM_TO, hovers over it and clicks it (zoom), clicks
// Reset zoom, clicks Search and answers SEARCH, and leaves what it found as JSON
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

  // As a person does it: events on the drawn elements, through the script's own handlers.
  function frameElement(i) { return document.querySelector('#frames g.frame[data-i="' + i + '"] rect'); }
  function click(element) { element.dispatchEvent(new MouseEvent("click", { bubbles: true })); }

  const results = { initial: frames() };
  const target = results.initial.filter(function (f) { return f.label.indexOf(ZOOM_TO + " (") === 0; })[0];
  results.tooltip = document.querySelector('#frames g.frame[data-i="' + target.i + '"] title').textContent;
  frameElement(target.i).dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
  results.details = document.getElementById("details").textContent;
  click(frameElement(target.i));
  const zoomed = frames();
  results.zoomedWidth = zoomed.filter(function (f) { return f.i === target.i; })[0].width;
  results.zoomedAway = results.initial.length - zoomed.length;
  results.resetShown = document.getElementById("reset-zoom").style.display !== "none";
  click(document.querySelector("#reset-zoom text"));
  results.resetFrames = frames().length;
  // The Search button asks with prompt(), which nobody answers in a headless page: the answer is given here.
  window.prompt = function () { return SEARCH; };
  click(document.querySelector("#search text"));
  results.matched = document.getElementById("matched").textContent;
  results.share = parseFloat(results.matched.replace("Matched: ", "")) / 100;
  results.highlighted = frames().filter(function (f) { return f.fill === "rgb(230,0,230)"; }).length;
  const desc = document.createElementNS("http://www.w3.org/2000/svg", "desc");
  desc.setAttribute("id", "results");
  desc.textContent = JSON.stringify(results);
  document.documentElement.appendChild(desc);
})();
