// The finder's filters: a <details> that phones keep closed under the results' heading and wide screens
// show open beside the results. Without JavaScript the summary still opens and closes them.
(function () {
  "use strict";
  var filters = document.querySelector("[data-filters]");
  if (!filters || filters.open) return;
  var wide = window.matchMedia("(min-width: 64rem)");
  function follow() {
    filters.open = wide.matches;
  }
  follow();
  wide.addEventListener("change", follow);
})();
