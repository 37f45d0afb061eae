extension ConsoleScripts {
    /// Charts as inline SVG built element by element (no library, no inline style: colours
    /// are presentation attributes, which the Content-Security-Policy allows).
    static let charts = #"""
        "use strict";
        (function (C) {
          const NS = "http://www.w3.org/2000/svg";
          const svg = (tag, attrs, text) => {
            const node = document.createElementNS(NS, tag);
            for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
            if (text !== undefined) node.textContent = text;
            return node;
          };
          C.colors = ["#0b5d4b", "#6fb3a1", "#d08c2c", "#8a5fbf"];

          // Grouped vertical bars: one group per label, one bar per series.
          C.barChart = function (labels, series, title) {
            const width = 640, height = 220, left = 36, bottom = 28, top = 24;
            const max = Math.max(1, ...series.flatMap((s) => s.values));
            const chart = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
            const plot = width - left - 8, tall = height - top - bottom;
            const group = plot / Math.max(1, labels.length);
            const bar = Math.max(2, (group * 0.8) / series.length);
            chart.append(svg("line", { x1: left, y1: top + tall, x2: width - 8, y2: top + tall, stroke: "#b6bec5" }));
            chart.append(svg("text", { x: 2, y: top + 4 }, String(max)));
            chart.append(svg("text", { x: 2, y: top + tall }, "0"));
            labels.forEach((label, i) => {
              series.forEach((s, j) => {
                const value = s.values[i] || 0, h = (value / max) * tall;
                const rect = svg("rect", { x: left + i * group + group * 0.1 + j * bar, y: top + tall - h,
                  width: bar - 1, height: h, fill: C.colors[j % C.colors.length] });
                rect.append(svg("title", {}, `${label} ${s.name}: ${value}`));
                chart.append(rect);
              });
              if (labels.length <= 10 || i % Math.ceil(labels.length / 10) === 0) {
                chart.append(svg("text", { x: left + i * group + 2, y: height - 10 }, label.slice(5)));
              }
            });
            series.forEach((s, j) => {
              chart.append(svg("rect", { x: left + j * 130, y: 4, width: 10, height: 10, fill: C.colors[j % C.colors.length] }));
              chart.append(svg("text", { x: left + j * 130 + 14, y: 13 }, s.name));
            });
            return chart;
          };

          // Horizontal bars, one row per item: the funnel's steps.
          C.hBars = function (rows, title) {
            const width = 640, row = 30, left = 170, height = rows.length * row + 8;
            const max = Math.max(1, ...rows.map((r) => r.value));
            const chart = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
            rows.forEach((r, i) => {
              const y = 4 + i * row, w = ((width - left - 60) * r.value) / max;
              chart.append(svg("text", { x: 4, y: y + 17 }, r.label.length > 26 ? r.label.slice(0, 25) + "…" : r.label));
              const rect = svg("rect", { x: left, y: y + 4, width: Math.max(1, w), height: row - 10, fill: C.colors[0] });
              rect.append(svg("title", {}, `${r.label}: ${r.value}`));
              chart.append(rect);
              chart.append(svg("text", { x: left + w + 6, y: y + 17 }, r.note || String(r.value)));
            });
            return chart;
          };
        })(window.Console);

        """#
}
