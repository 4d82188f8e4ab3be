// Casebook's few lines of script. The site works without them.

// Material looks up every <link rel="alternate"> when the page has loaded and fetches
// "sitemap.xml" next to its address, to map pages between languages. Casebook's
// alternates already point at the same page in the other language, and there is no
// sitemap there: each lookup was a failed request (and, with the site's full address,
// a request to the published host from a local copy). The links are hidden from that
// lookup while it runs (Material listens for DOMContentLoaded first) and put back
// right after, so search engines and link checkers still read them.
const casebookAlternates = [...document.querySelectorAll('link[rel="alternate"][hreflang]')];
for (const link of casebookAlternates) link.rel = "casebook-alternate";
document.addEventListener("DOMContentLoaded", () => {
  for (const link of casebookAlternates) link.rel = "alternate";
}, { once: true });

document.addEventListener("click", async (event) => {
  // The language switcher keeps the place on the page: #moment-2 stays #moment-2.
  const language = event.target.closest(".md-select__link[hreflang]");
  if (language && location.hash) {
    language.hash = location.hash;
    return;
  }
  // "Copy link" buttons next to moments copy the moment's permanent address.
  const button = event.target.closest(".cb-copy-link");
  if (!button) return;
  const url = new URL(location.href);
  url.hash = button.dataset.anchor;
  try {
    await navigator.clipboard.writeText(url.href);
  } catch {
    // Without clipboard access (e.g. a page opened from disk), go to the anchor instead.
    location.hash = button.dataset.anchor;
  }
  const label = button.querySelector(".cb-copy-link__text") || button;
  const text = label.textContent;
  label.textContent = button.dataset.copied;
  setTimeout(() => { label.textContent = text; }, 2000);
});

// The journey map scrolls sideways when it is wider than the screen: say so, and shade
// the edge that has more columns. Without script the hint always shows.
for (const region of document.querySelectorAll(".cb-journey")) {
  const frame = region.parentElement;
  const hint = document.getElementById(region.getAttribute("aria-describedby"));
  const update = () => {
    const more = [];
    if (region.scrollLeft > 1) more.push("left");
    if (region.scrollLeft + region.clientWidth < region.scrollWidth - 1) more.push("right");
    frame.dataset.more = more.join(" ");
    if (hint) hint.hidden = region.scrollWidth <= region.clientWidth + 1;
  };
  region.addEventListener("scroll", update, { passive: true });
  window.addEventListener("resize", update);
  update();
}
