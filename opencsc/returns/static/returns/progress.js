// Progressive enhancement of a run's page: without this file the page refreshes itself
// (a <meta> refresh inside <noscript>). With it, the step and the bar are updated in place
// from the run's small JSON status, and the page is reloaded once the run has ended.
const progress = document.querySelector("[data-run-progress]");
if (progress) {
  const step = progress.querySelector("[data-run-step]");
  const bar = progress.querySelector("[data-run-bar]");
  const poll = async () => {
    try {
      const response = await fetch(progress.dataset.statusUrl, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const run = await response.json();
      if (run.finished) {
        window.location.reload();
        return;
      }
      step.textContent = `${run.step || run.label}: ${run.percent}% done`;
      bar.value = run.percent;
      bar.textContent = `${run.percent}%`;
    } catch {
      // A missed poll is not worth telling anyone about: the next one will try again.
    }
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1500);
}
