// Django's tabular inlines scroll sideways on a phone; a region that scrolls must be reachable by
// keyboard (WCAG 2.1.1), so it gets a tab stop and the name of its inline.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".js-inline-admin-form.tabular, .inline-group .tabular").forEach((region) => {
    if (region.hasAttribute("tabindex")) return;
    const heading = region.querySelector("h2");
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "region");
    if (heading) region.setAttribute("aria-label", heading.textContent.trim());
  });
});
