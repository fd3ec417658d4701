// The site's three APIs, as a browser client on another origin uses them:
// the session cookie travels with every request (credentials: "include"),
// and every write carries a CSRF token fetched from the entries API (this
// origin cannot read the site's cookie). The site must list this origin in
// CORS_ALLOWED_ORIGINS (which also makes its CSRF check trust it).

const meta = document.querySelector('meta[name="awards-site"]');
export const SITE = new URLSearchParams(location.search).get("site") || meta.content;

const ACCOUNTS = `${SITE}/_allauth/browser/v1`;
const ENTRIES = `${SITE}/api/entries/v1`;

/** A problem (application/problem+json) or allauth error, as an Error. */
export class APIError extends Error {
  constructor(status, body) {
    const detail = body?.detail || body?.errors?.map((e) => e.message).join(" ");
    super(detail || `The site answered ${status}.`);
    this.status = status;
    this.body = body;
  }
}

async function csrfToken() {
  const response = await fetch(`${ENTRIES}/csrf/`, { credentials: "include" });
  return (await response.json()).csrf_token;
}

async function call(method, url, body, { ok = [200, 201, 204] } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") {
    headers["X-CSRFToken"] = await csrfToken();
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(url, {
    method,
    headers,
    credentials: "include",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json();
  if (!ok.includes(response.status)) {
    throw new APIError(response.status, data);
  }
  return data;
}

/** Categories open for entries now, from the content API. */
export async function openCategories() {
  const query = "type=categories.CategoryPage&entry_state=open&fields=_,id,title,summary";
  const response = await fetch(`${SITE}/api/v2/pages/?${query}`);
  return (await response.json()).items;
}

// allauth answers 401 while a flow (e.g. confirming the address) is pending.
export const signUp = (details) =>
  call("POST", `${ACCOUNTS}/auth/signup`, details, { ok: [200, 401] });
export const confirmEmail = (key) =>
  call("POST", `${ACCOUNTS}/auth/email/verify`, { key });
export const session = () => call("GET", `${ACCOUNTS}/auth/session`, undefined, { ok: [200, 401] });

export const startEntry = (category) => call("POST", `${ENTRIES}/`, { category });
export const saveAnswers = (id, version, answers) =>
  call("PUT", `${ENTRIES}/${id}/answers/`, { version, answers });
export const submitEntry = (id, version) =>
  call("POST", `${ENTRIES}/${id}/submit/`, { version, agree: true });
