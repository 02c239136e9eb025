// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// Warn before the session expires through inactivity, and offer to stay signed in.
const warning = document.querySelector("[data-session-seconds]");
if (warning) {
  const seconds = Number(warning.dataset.sessionSeconds);
  const warnBefore = Number(warning.dataset.warningSeconds);
  let timer;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      warning.hidden = false;
      warning.querySelector("h2, p")?.focus();
    }, Math.max(0, (seconds - warnBefore) * 1000));
  };
  warning.querySelector("[data-stay-signed-in]")?.addEventListener("click", async (event) => {
    event.preventDefault();
    await fetch(event.currentTarget.getAttribute("href"), { credentials: "same-origin" });
    warning.hidden = true;
    arm();
  });
  arm();
}

// Autosave drafts of long forms (case notes, assessments) as the worker types.
for (const form of document.querySelectorAll("form[data-autosave-url]")) {
  let pending;
  const status = form.querySelector("[data-autosave-status]");
  form.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
      });
      if (status) status.textContent = response.ok ? "Draft saved" : "Draft not saved: check your connection";
    }, 1500);
  });
}
