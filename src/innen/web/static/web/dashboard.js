// The dashboard's charts, drawn by Chart.js from the JSON block the page carries
// (id "dashboard-data"); no inline script, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  function start() {
    var block = document.getElementById("dashboard-data");
    if (!block || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(block.textContent);
    var language = document.documentElement.lang || "nl";
    var euro = new Intl.NumberFormat(language, { style: "currency", currency: "EUR" });
    // An axis counts in whole euros ("€ 20.000", not "€ 20.000,00"); the tooltips keep cents.
    var wholeEuro = new Intl.NumberFormat(language, {
      style: "currency", currency: "EUR", minimumFractionDigits: 0, maximumFractionDigits: 0
    });
    var month = new Intl.DateTimeFormat(language, { month: "short", year: "numeric" });
    var numbers = function (values) { return values.map(Number); };
    var day = function (iso) { return new Date(iso + "T12:00:00"); };
    var accent = "#0b6e4f";
    var money = {
      y: {
        beginAtZero: true,
        ticks: { precision: 0, callback: function (v) { return wholeEuro.format(v); } }
      }
    };
    var moneyTooltip = {
      callbacks: { label: function (item) { return euro.format(item.parsed.y); } }
    };

    draw("chart-aging", {
      type: "bar",
      data: {
        labels: data.aging.labels,
        datasets: [{
          label: data.aging.label,
          data: numbers(data.aging.amounts),
          backgroundColor: ["#98a2b3", "#fdb022", "#f79009", "#b54708", "#b42318"]
        }]
      },
      options: { plugins: { legend: { display: false }, tooltip: moneyTooltip }, scales: money }
    });

    draw("chart-dso", {
      type: "line",
      data: {
        labels: data.dso.labels.map(function (iso) { return month.format(day(iso)); }),
        datasets: [{
          label: data.dso.label, data: numbers(data.dso.days), borderColor: accent,
          backgroundColor: accent, tension: 0.2
        }]
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
    });

    draw("chart-cash-in", {
      type: "bar",
      data: {
        labels: data.cash_in.labels,
        datasets: [{
          label: data.cash_in.label, data: numbers(data.cash_in.amounts), backgroundColor: accent
        }]
      },
      options: { plugins: { legend: { display: false }, tooltip: moneyTooltip }, scales: money }
    });

    draw("chart-funnel", {
      type: "bar",
      data: {
        labels: data.funnel.labels,
        datasets: [
          { label: data.funnel.reached, data: data.funnel.reached_counts, backgroundColor: "#98a2b3" },
          { label: data.funnel.paid, data: data.funnel.paid_counts, backgroundColor: accent }
        ]
      },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true } } }
    });
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new window.Chart(canvas, config);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
