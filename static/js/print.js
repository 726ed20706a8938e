// Print buttons of the print room's documents: a button with data-print
// opens the browser's print dialog. (Inline onclick handlers are refused by
// the Content-Security-Policy.)
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) {
    window.print();
  }
});
