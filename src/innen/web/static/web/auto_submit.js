// A <select data-auto-submit> submits its form when changed (the Content-Security-Policy
// allows no inline handlers). Without JavaScript the form's own button does it.
document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.classList.add("js");
  for (const select of document.querySelectorAll("select[data-auto-submit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
});
