// "Use my location": asks the browser for coordinates, puts them in the form's hidden fields and submits.
// Typing a place clears them again, so an old position never overrides what was typed.
(function () {
  "use strict";
  var form = document.getElementById("consultant-search");
  if (!form) return;
  var button = form.querySelector("[data-use-location]");
  var place = form.elements.namedItem("place");
  var lat = form.elements.namedItem("lat");
  var lng = form.elements.namedItem("lng");
  var status = form.querySelector("[data-location-status]");

  place.addEventListener("input", function () {
    lat.value = "";
    lng.value = "";
  });

  if (!button || !("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(5);
        lng.value = position.coords.longitude.toFixed(5);
        place.value = "";
        status.textContent = "";
        form.submit();
      },
      function () {
        status.textContent = "We couldn't get your location. Please type a ZIP code or city instead.";
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
