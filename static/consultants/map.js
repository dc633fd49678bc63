// The results map: reads its data from the JSON element named by data-map (written by json_script),
// so the page needs no inline script. Without Leaflet or a tile server the list stands alone.
// Markers closer than a finger's width on screen are drawn as one numbered marker whose popup lists
// them all, so every marker can be tapped (WCAG 2.5.8); the groups are redrawn at each zoom level.
(function () {
  "use strict";
  var container = document.getElementById("consultant-map");
  if (!container || typeof L === "undefined") return;
  var source = document.getElementById(container.dataset.map);
  if (!source) return;
  var data = JSON.parse(source.textContent);
  if (!data.tile_url) return;
  var MIN_GAP_PX = 36;

  // Leaflet works out where its marker images are from its stylesheet's address, which the hashed names of
  // collected static files break (a broken image at /consultants/marker-icon.png): the page names them.
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions({
    iconUrl: container.dataset.markerIcon,
    iconRetinaUrl: container.dataset.markerRetina,
    shadowUrl: container.dataset.markerShadow,
  });

  container.hidden = false;
  var map = L.map(container, { scrollWheelZoom: false });
  L.tileLayer(data.tile_url, { maxZoom: 18, attribution: data.attribution }).addTo(map);
  L.circle(data.center, { radius: data.radius_m, weight: 1, fill: false, interactive: false }).addTo(map);
  var markers = L.layerGroup().addTo(map);

  function linkTo(point) {
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    return link;
  }

  function groupsAtThisZoom() {
    var groups = [];
    data.points.forEach(function (point) {
      var at = map.latLngToLayerPoint([point.lat, point.lng]);
      var near = groups.find(function (group) { return group.at.distanceTo(at) < MIN_GAP_PX; });
      if (near) {
        near.points.push(point);
      } else {
        groups.push({ at: at, points: [point] });
      }
    });
    return groups;
  }

  function draw() {
    markers.clearLayers();
    groupsAtThisZoom().forEach(function (group) {
      var first = group.points[0];
      if (group.points.length === 1) {
        L.marker([first.lat, first.lng], { title: first.name, alt: first.name }).bindPopup(linkTo(first)).addTo(markers);
        return;
      }
      var names = group.points.map(function (point) { return point.name; });
      var label = group.points.length + " consultants: " + names.join(", ");
      var list = document.createElement("ul");
      list.className = "map-popup-list";
      group.points.forEach(function (point) {
        var item = document.createElement("li");
        item.appendChild(linkTo(point));
        list.appendChild(item);
      });
      var icon = L.divIcon({
        className: "",
        html: '<span class="marker-group">' + group.points.length + "</span>",
        iconSize: [32, 32],
        iconAnchor: [16, 16],
      });
      L.marker([first.lat, first.lng], { icon: icon, title: label, alt: label }).bindPopup(list).addTo(markers);
    });
  }

  var bounds = L.latLngBounds([data.center]);
  data.points.forEach(function (point) { bounds.extend([point.lat, point.lng]); });
  map.on("zoomend", draw);
  map.fitBounds(bounds.pad(0.15), { maxZoom: 12 });
  draw();
})();
