// The live preview of a message text: post the form a moment after the last keystroke and
// show the letter for the chosen customer, or what is wrong with the text, in red.
// The letter goes into a sandboxed iframe (no scripts, no access to this page).
(function () {
  "use strict";

  var form = document.getElementById("template-form");
  var frame = document.getElementById("preview-frame");
  if (!form || !frame || !window.fetch) {
    return;
  }
  var status = document.getElementById("preview-status");
  var subject = document.getElementById("preview-subject");
  var problems = document.getElementById("preview-problems");
  var url = form.getAttribute("data-preview-url");
  var DELAY_MS = 400;
  var timer = null;
  var latest = 0; // only the answer to the latest request is shown

  function showProblems(list) {
    problems.textContent = "";
    list.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      problems.appendChild(item);
    });
    problems.hidden = list.length === 0;
  }

  // The letter is an A4 page (about 800 CSS pixels wide): shrink it to the frame's width so
  // the whole page shows, logo and sender block included.
  function fitToFrame(html) {
    var scale = Math.min(1, (frame.clientWidth - 24) / 800);
    return "<style>html { zoom: " + scale.toFixed(3) + "; }</style>" + html;
  }

  function show(data) {
    showProblems(data.problems || []);
    if (data.problems && data.problems.length) {
      status.textContent = "";
      return; // keep the last letter that did render, under the problems
    }
    subject.textContent = data.subject || "";
    frame.srcdoc = fitToFrame(data.html || "");
    status.textContent = form.getAttribute("data-ready");
  }

  function refresh() {
    var mine = ++latest;
    status.textContent = form.getAttribute("data-busy");
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (mine === latest) {
          show(data);
        }
      })
      .catch(function () {
        if (mine === latest) {
          status.textContent = form.getAttribute("data-failed");
        }
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY_MS);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  refresh();
})();
