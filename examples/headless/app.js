// The entry journey: open categories, sign up, confirm, start, autosave, submit.
import * as api from "./api.js";

const $ = (selector) => document.querySelector(selector);
const say = (text, isError = false) => {
  $("#status").textContent = text;
  $("#status").className = isError ? "error" : "";
};

let chosenCategory = null;
let entry = null; // { id, version }

async function showCategories() {
  const list = $("#categories");
  for (const category of await api.openCategories()) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `Enter ${category.title}`;
    button.addEventListener("click", () => choose(category));
    item.append(button);
    list.append(item);
  }
}

async function choose(category) {
  chosenCategory = category;
  const { meta } = await api.session();
  if (meta?.is_authenticated) {
    await start();
  } else {
    say(`To enter ${category.title}, create an account first.`);
    $("#email").focus();
  }
}

async function start() {
  const body = await api.startEntry(chosenCategory.id);
  entry = { id: body.id, version: body.version };
  $("#signup").hidden = true;
  $("#confirm").hidden = true;
  $("#entry").hidden = false;
  $("#entry-heading").textContent = `Your entry: ${body.category.title}`;
  $("#deadline").textContent = `${body.deadline.message} (${body.deadline.time_left})`;
  $("#declaration").textContent = body.declaration;
  const questions = $("#questions");
  questions.replaceChildren();
  for (const question of body.questions) {
    const paragraph = document.createElement("p");
    const label = document.createElement("label");
    label.htmlFor = `answer-${question.key}`;
    label.textContent = question.label;
    const field = document.createElement(
      question.field_type === "singleline" ? "input" : "textarea"
    );
    field.id = `answer-${question.key}`;
    field.name = question.key;
    field.value = body.answers[question.key] || "";
    field.addEventListener("input", scheduleSave);
    paragraph.append(label, document.createElement("br"), field);
    questions.append(paragraph);
  }
  say("Your entry is started. It saves as you type.");
}

function answers() {
  const fields = $("#questions").querySelectorAll("input, textarea");
  return Object.fromEntries([...fields].map((field) => [field.name, field.value]));
}

let timer = null;
function scheduleSave() {
  clearTimeout(timer);
  timer = setTimeout(save, 500);
}

async function save() {
  try {
    const saved = await api.saveAnswers(entry.id, entry.version, answers());
    entry.version = saved.version;
    $("#saved").textContent = `Saved (${saved.answered} of ${saved.total} answered).`;
  } catch (error) {
    // A stale version: another tab saved first; its text is in error.body.current.
    $("#saved").textContent = `Not saved: ${error.message}`;
  }
}

$("#signup-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    await api.signUp({
      email: form.get("email"),
      password: form.get("password"),
      full_name: form.get("full_name"),
      organisation: form.get("organisation"),
      privacy_consent: form.get("privacy_consent") === "on",
    });
    $("#confirm").hidden = false;
    say("We have emailed you a link. Paste it below to confirm your address.");
    $("#key").focus();
  } catch (error) {
    say(error.message, true);
  }
});

$("#confirm-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  // The link ends with the key: /accounts/confirm-email/<key>/
  const key = $("#key").value.trim().replace(/\/$/, "").split("/").pop();
  try {
    await api.confirmEmail(key);
    await start();
  } catch (error) {
    say(error.message, true);
  }
});

$("#entry-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!$("#agree").checked) {
    say("Agree to the declaration to submit your entry.", true);
    return;
  }
  clearTimeout(timer);
  try {
    await save();
    const submitted = await api.submitEntry(entry.id, entry.version);
    $("#entry").hidden = true;
    $("#done").hidden = false;
    $("#reference").textContent = submitted.reference;
    say(`Entry submitted: ${submitted.reference}.`);
  } catch (error) {
    const errors = error.body?.errors?.map((e) => e.message).join("; ");
    say(errors || error.message, true);
  }
});

showCategories().catch((error) => say(`Could not load the categories: ${error.message}`, true));
