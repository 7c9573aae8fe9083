// The results pages' charts, drawn with Observable Plot (vendored from npm, web/vendor/plot.js) as SVG,
// each beside a table that holds the same numbers (the alternative for screen readers and for print).
import Plot from "./vendor/plot.js";
import { escapeHtml, locale } from "./app.js";

export const formatNumber = (n, options) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 2, ...options }).format(n);

/**
 * Plot adds a <style> element to each chart, an inline style the pages' Content-Security-Policy refuses:
 * dropped before the chart is in the document (so the policy never sees it); style.css styles the charts.
 */
function place(container, svg, label) {
  for (const style of svg.querySelectorAll("style")) style.remove();
  // Plot labels its groups (aria-label on <g>, which ARIA does not allow there): the whole chart is one
  // image with one label, and the table beside it holds the numbers. The marks keep their name as data-mark.
  for (const element of svg.querySelectorAll("[aria-label], [aria-description]")) {
    if (element.hasAttribute("aria-label")) element.dataset.mark = element.getAttribute("aria-label");
    element.removeAttribute("aria-label");
    element.removeAttribute("aria-description");
  }
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.removeAttribute("aria-description");
  container.replaceChildren(svg);
  return svg;
}

const chartWidth = container => Math.max(260, Math.min(760, container.clientWidth || 600));

/**
 * One indicator's spread as a horizontal box plot, drawn from its quartiles (the API gives statistics,
 * not the clusters' values): the whisker from lowest to highest where they are given, the box from the
 * first to the third quartile, a thick tick at the median, and a diamond at the chosen cluster's value.
 */
export function boxPlot(container, row, label) {
  const d = { lo: row.min ?? row.p25, hi: row.max ?? row.p75, p25: row.p25, median: row.median, p75: row.p75, marker: row.marker, y: "v" };
  const values = [d.lo, d.hi, d.marker].filter(v => v != null);
  const marks = [
    Plot.ruleY([d], { x1: "lo", x2: "hi", y: "y", stroke: "#555" }),
    Plot.barX([d], { x1: "p25", x2: "p75", y: "y", fill: "#9ec5e8", stroke: "#0b5394", insetTop: 6, insetBottom: 6 }),
    Plot.tickX([d], { x: "median", y: "y", stroke: "#0b5394", strokeWidth: 3, insetTop: 6, insetBottom: 6 }),
  ];
  if (d.marker != null) {
    marks.push(Plot.dot([d], { x: "marker", y: "y", symbol: "diamond", r: 7, fill: "#a50e0e", stroke: "#fff" }));
  }
  const svg = Plot.plot({
    width: chartWidth(container), height: 70, marginLeft: 20, marginRight: 20,
    x: { domain: Math.min(...values) === Math.max(...values) ? [Math.min(...values) - 1, Math.max(...values) + 1] : [Math.min(...values), Math.max(...values)], nice: true, grid: true, label: row.unit || null, tickFormat: v => formatNumber(v) },
    y: { axis: null, domain: ["v"] },
    marks,
  });
  return place(container, svg, label);
}

/** Horizontal bars (label → count), tallest first as given. */
export function barChart(container, rows, label) {
  const svg = Plot.plot({
    width: chartWidth(container), height: 30 + 28 * Math.max(1, rows.length), marginLeft: 160, marginRight: 40,
    // From zero to at least one: bars of nothing but zeros stay empty instead of filling the chart.
    x: { domain: [0, Math.max(1, ...rows.map(r => r.count))], nice: true, grid: true, label: null, tickFormat: v => (Number.isInteger(v) ? formatNumber(v) : "") },
    y: { label: null, domain: rows.map(r => r.label) },
    marks: [
      Plot.barX(rows, { x: "count", y: "label", fill: "#0b5394" }),
      Plot.text(rows, { x: "count", y: "label", text: r => formatNumber(r.count), dx: 6, textAnchor: "start", fill: "#1a1a1a" }),
      Plot.ruleX([0]),
    ],
  });
  return place(container, svg, label);
}

/** A table with a caption: header cells and rows of cells (already text; numbers formatted by the caller). */
export function table(caption, headers, rows, id) {
  // Wrapped in a region that scrolls sideways on a phone; focusable, so a keyboard can scroll it too.
  return `<div class="table-wrap" tabindex="0" role="region" aria-label="${escapeHtml(caption)}"><table class="data"${id ? ` id="${id}"` : ""}><caption>${escapeHtml(caption)}</caption>
    <thead><tr>${headers.map(h => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>
    <tbody>${rows.map(cells => `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join("")}</tr>`).join("")}</tbody></table></div>`;
}
