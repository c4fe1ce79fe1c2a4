// saksdok serve: the CSRF token on every htmx request, and search and sort
// in the case list. No inline script (the Content-Security-Policy forbids
// it); everything works without this file except search and sort.
"use strict";
document.addEventListener("htmx:configRequest", (e) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) e.detail.headers["X-CSRF-Token"] = meta.content;
});
document.addEventListener("DOMContentLoaded", () => {
  const table = document.getElementById("saker");
  const search = document.getElementById("sok");
  if (!table) return;
  const rows = () => Array.from(table.tBodies[0].rows);
  const status = document.getElementById("treff");
  if (search) {
    search.addEventListener("input", () => {
      const q = search.value.trim().toLowerCase();
      let shown = 0;
      for (const r of rows()) {
        const hit = r.textContent.toLowerCase().includes(q);
        r.hidden = !hit;
        if (hit) shown++;
      }
      if (status) status.textContent = shown + " av " + rows().length + " saker vises";
    });
  }
  table.querySelectorAll("th button[data-col]").forEach((b) => {
    b.addEventListener("click", () => {
      const col = Number(b.dataset.col);
      const th = b.closest("th");
      const asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      const sorted = rows().sort((x, y) => {
        // A date sorts by its ISO form.
        const key = (cell) => {
          const t = cell.querySelector("time");
          return t ? t.getAttribute("datetime") : cell.textContent.trim();
        };
        const a = key(x.cells[col]);
        const c = key(y.cells[col]);
        return asc ? a.localeCompare(c, "nb") : c.localeCompare(a, "nb");
      });
      for (const r of sorted) table.tBodies[0].appendChild(r);
    });
  });
});
