// Storyline: live updates for an open story page (server-sent events). No framework, no build.
"use strict";
(function () {
  const live = document.getElementById("live");
  if (!live || !window.EventSource) return;
  const params = new URLSearchParams({ article: live.dataset.article, version: live.dataset.version });
  const source = new EventSource("/events?" + params.toString());
  source.addEventListener("story", function (event) {
    source.close();
    const update = JSON.parse(event.data);
    live.textContent = "This story has changed; loading the new version.";
    live.className = "notice";
    window.location.assign(update.url);
  });
  // The analyst's own merge or split is on its way: its answer (the new story with its
  // notice) must not lose a race with the live update that the same change sets off.
  document.addEventListener("submit", function () {
    source.close();
  });
})();
