// Casebook: "copy link" buttons next to moments copy the moment's permanent address.
document.addEventListener("click", async (event) => {
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
  const label = button.textContent;
  button.textContent = button.dataset.copied;
  setTimeout(() => { button.textContent = label; }, 2000);
});
