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
//
// A form with data-autosave-url POSTs its fields there 1.5 s after typing stops, and the
// server keeps them as the worker's draft (204). When a save fails (signed out: a
// redirect to /login/, 401 or 403; offline; refused), the fields are kept in this
// browser's localStorage under data-autosave-key (which names the form, the child and
// the user) until a later save succeeds, and are put back into the form the next time it
// opens, for example after signing in again. Typed text is never thrown away.
const AUTOSAVE_DELAY_MS = 1500;
const SUBMITTED = "opencsc:autosave:submitted";  // sessionStorage: the form just sent
const SIGNED_OUT = "You have been signed out. Your text is kept on this device; sign in again to carry on.";

const isSignedOut = (response) =>
  response.type === "opaqueredirect" || response.status === 401 || response.status === 403;

const formFields = (form) =>
  [...new FormData(form)].filter(([name, value]) => name !== "csrfmiddlewaretoken" && typeof value === "string");

function fillForm(form, fields) {
  const values = new Map();
  for (const [name, value] of fields) values.set(name, [...(values.get(name) || []), value]);
  for (const element of form.elements) {
    if (!element.name || ["hidden", "submit", "button", "file"].includes(element.type)) continue;
    const given = values.get(element.name) || [];
    if (element.type === "checkbox" || element.type === "radio") {
      element.checked = given.includes(element.value);
    } else if (element.multiple) {
      for (const option of element.options) option.selected = given.includes(option.value);
    } else {
      element.value = given[0] ?? "";
    }
  }
}

// The copy kept on this device: written only while the server does not have the latest text.
function deviceCopy(key) {
  return {
    key,
    read() {
      try { return JSON.parse(localStorage.getItem(key)); } catch { return null; }
    },
    keep(fields) {
      try { localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), fields })); return true; }
      catch { return false; }  // storage full or switched off
    },
    forget() {
      try { localStorage.removeItem(key); } catch { /* nothing was kept */ }
    },
  };
}

function signedOutBanner(form) {
  let banner = form.previousElementSibling;
  if (!banner?.classList.contains("app-autosave-signed-out")) {
    banner = document.createElement("div");
    banner.className = "govuk-error-summary app-autosave-signed-out";
    banner.setAttribute("role", "alert");
    const title = document.createElement("h2");
    title.className = "govuk-error-summary__title";
    title.textContent = "You have been signed out";
    const text = document.createElement("p");
    text.className = "govuk-body";
    text.textContent = SIGNED_OUT;
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = window.location.pathname + window.location.search;  // signs in, then comes back here
    link.textContent = "Sign in again";
    banner.append(title, text, link);
    form.before(banner);
  }
  banner.hidden = false;
  return banner;
}

function autosave(form) {
  const url = form.dataset.autosaveUrl;
  const copy = deviceCopy(form.dataset.autosaveKey || `opencsc:autosave:${url}`);
  const status = form.querySelector("[data-autosave-status]");
  const say = (text) => { if (status) status.textContent = text; };
  let pending;
  let dirty = false;
  let restored = "";  // said again after each save until the worker types, so it is not missed
  let signedOut = false;

  // "saved", "signed-out" or "failed"; on anything but "saved" the text stays on this device.
  async function save() {
    clearTimeout(pending);
    const fields = formFields(form);
    const body = new FormData(form);
    let response;
    try {
      response = await fetch(url, {
        method: "POST", body, credentials: "same-origin", redirect: "manual",
        headers: { Accept: "application/json" },
      });
    } catch {
      response = null;
    }
    if (response?.status === 204) {
      dirty = false;
      signedOut = false;
      copy.forget();
      const banner = form.previousElementSibling;
      if (banner?.classList.contains("app-autosave-signed-out")) banner.hidden = true;
      say(`${restored}Draft saved at ${new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}`);
      return "saved";
    }
    const kept = copy.keep(fields);
    if (response && isSignedOut(response)) {
      signedOut = true;
      signedOutBanner(form);
      say(kept ? SIGNED_OUT : "You have been signed out and this browser cannot keep your text: copy it somewhere safe before you sign in again.");
      return "signed-out";
    }
    say(kept ? "Draft not saved: check your connection. Your text is kept on this device until it can be saved."
             : "Draft not saved: check your connection, and copy your text somewhere safe.");
    return "failed";
  }

  const later = () => {
    dirty = true;
    restored = "";
    clearTimeout(pending);
    pending = setTimeout(save, AUTOSAVE_DELAY_MS);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);

  // Sending the form: keep a copy here first. Should the session have ended, the sign-in
  // page would drop what was posted; the copy comes back when the form is next opened.
  // Where the last save already found the worker signed out, the form is held back.
  form.addEventListener("submit", (event) => {
    clearTimeout(pending);
    copy.keep(formFields(form));
    if (signedOut) {
      event.preventDefault();
      signedOutBanner(form);
      say(SIGNED_OUT);
      return;
    }
    form.dataset.autosaveSubmitting = "true";
    try { sessionStorage.setItem(SUBMITTED, copy.key); } catch { /* the copy stays, to be safe */ }
  });

  // Leaving with a save still to come: keep the text here and send it on its way.
  window.addEventListener("pagehide", () => {
    if (!dirty || form.dataset.autosaveSubmitting) return;
    copy.keep(formFields(form));
    navigator.sendBeacon?.(url, new FormData(form));
  });

  const kept = copy.read();
  if (kept?.fields) {
    fillForm(form, kept.fields);
    const when = new Date(kept.at).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
    restored = `Restored the text kept on this device from ${when}. `;
    say(`${restored}Saving it now.`);
    save();
  }
}

// After a form was sent: landing anywhere but the sign-in page means the server had it,
// saved (a redirect onwards) or shown again with its errors, so the copy is not needed.
function settleSubmitted() {
  let key;
  try { key = sessionStorage.getItem(SUBMITTED); sessionStorage.removeItem(SUBMITTED); } catch { return; }
  if (key && !window.location.pathname.startsWith("/login/")) deviceCopy(key).forget();
}

settleSubmitted();
for (const form of document.querySelectorAll("form[data-autosave-url]")) autosave(form);

// Discarding a draft on purpose also forgets any copy kept on this device.
for (const form of document.querySelectorAll("form[data-autosave-discard]")) {
  form.addEventListener("submit", () => deviceCopy(form.dataset.autosaveDiscard).forget());
}
