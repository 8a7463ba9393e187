/* Material fetches sitemap.xml next to every <link rel="alternate"> of a page, to map the language
   switch, and expects those links to be language roots. The atlas's alternates point page to page
   (what search engines need to pair a page with its twin), so each such request is sent to the
   sitemap of the language root it falls under instead of a missing file beside the page.
   Loaded in the head, before Material's bundle, with the language roots in data-roots. */
(function () {
  "use strict";
  var script = document.currentScript;
  var roots = JSON.parse(script.getAttribute("data-roots")).map(function (root) {
    return new URL(root, location.href).href;
  });
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    var target = new URL(String(url), location.href).href;
    if (/\/sitemap\.xml$/.test(target)) {
      for (var i = 0; i < roots.length; i++) {
        if (target.indexOf(roots[i]) === 0) {
          args[1] = roots[i] + "sitemap.xml";
          break;
        }
      }
    }
    return open.apply(this, args);
  };
})();
