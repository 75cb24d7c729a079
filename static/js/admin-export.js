// The admin export page's "Select all" box, bound here: the CSP refuses inline handlers.
document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll(".select-toggle")) {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
