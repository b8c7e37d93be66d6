// Progressive enhancement only: every page works without this file.
// After a refused form, move focus to the summary of what to correct (or to the edit conflict),
// so that screen-reader and keyboard users start there.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("#conflict, #error-summary");
  if (summary) {
    summary.focus();
  }
});
