import { setUpPage, t } from "./app.js";

setUpPage();
const status = new URLSearchParams(location.search).get("status");
document.getElementById("message").textContent = status === "waitlisted" ? t("thankYouWaitlisted") : t("thankYouConfirmed");
