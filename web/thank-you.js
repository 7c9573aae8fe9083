import { setUpPage, t } from "./app.js";

setUpPage();
const status = new URLSearchParams(location.search).get("status");
const messages = { waitlisted: "thankYouWaitlisted", alreadyRegistered: "already" };
document.getElementById("message").textContent = t(messages[status] || "thankYouConfirmed");
