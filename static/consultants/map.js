// The results map: reads its data from the JSON element named by data-map (written by json_script),
// so the page needs no inline script. Without Leaflet or a tile server the list stands alone.
(function () {
  "use strict";
  var container = document.getElementById("consultant-map");
  if (!container || typeof L === "undefined") return;
  var source = document.getElementById(container.dataset.map);
  if (!source) return;
  var data = JSON.parse(source.textContent);
  if (!data.tile_url) return;

  container.hidden = false;
  var map = L.map(container, { scrollWheelZoom: false });
  L.tileLayer(data.tile_url, { maxZoom: 18, attribution: data.attribution }).addTo(map);

  var bounds = L.latLngBounds([data.center]);
  L.circle(data.center, { radius: data.radius_m, weight: 1, fill: false }).addTo(map);
  data.points.forEach(function (point) {
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    L.marker([point.lat, point.lng], { title: point.name, alt: point.name }).bindPopup(link).addTo(map);
    bounds.extend([point.lat, point.lng]);
  });
  map.fitBounds(bounds.pad(0.15), { maxZoom: 12 });
})();
