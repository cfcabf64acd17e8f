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
    // Every open page of the story hears of the change at the same moment: spread the
    // reloads over two seconds so they do not reach the server as one herd.
    window.setTimeout(function () {
      window.location.assign(update.url);
    }, Math.random() * 2000);
  });
  // The analyst's own merge or split is on its way: its answer (the new story with its
  // notice) must not lose a race with the live update that the same change sets off.
  document.addEventListener("submit", function () {
    source.close();
  });
})();
// A link to a finding (from an article page, or the story's own summary) opens the collapsed
// section that holds it, so the browser can scroll to it.
(function () {
  function openTarget() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else {
    openTarget();
  }
})();
// The story list: when stories are added or change (watch, an upload, a merge), say so with
// a link that reloads the list as filtered now; never reload under the analyst's hands.
(function () {
  const live = document.getElementById("live-index");
  if (!live || !window.EventSource) return;
  const params = new URLSearchParams({ index: "true", version: live.dataset.version });
  const source = new EventSource("/events?" + params.toString());
  source.addEventListener("index", function () {
    source.close();
    const link = document.createElement("a");
    link.href = window.location.pathname + window.location.search;
    link.id = "reload-index";
    link.textContent = "The story list has changed: show the new list";
    live.replaceChildren(link);
    live.className = "notice";
  });
})();
