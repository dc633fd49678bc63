// Tells the server the editor's time zone (editorial/timezones.py), so admin times are the editor's own.
// When it was missing or has changed, the page is reloaded at once, before anything is typed, so a form
// is never shown in one zone and saved in another.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (error) { return; }
  if (!zone) return;
  var wanted = "editor_tz=" + encodeURIComponent(zone);
  function stored() { return document.cookie.split("; ").indexOf(wanted) !== -1; }
  if (stored()) return;
  document.cookie = wanted + "; path=/admin/; max-age=31536000; SameSite=Lax";
  if (!stored()) return;  // cookies blocked: stay in the site's zone rather than reload for ever
  var navigation = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  var showsErrors = document.querySelector(".errornote, .errorlist");  // a refused save: never resubmit it
  if (!showsErrors && (!navigation || navigation.type !== "back_forward")) window.location.reload();
});
