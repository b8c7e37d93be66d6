// django-import-export's export page: the "select all" box ticks or clears every field. The original
// template binds this with an onchange="" attribute, which the Content-Security-Policy refuses;
// onSelectToggleChange comes from import_export/export_selectable_fields.js (the form's media).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", (event) => onSelectToggleChange(event));
  });
});
