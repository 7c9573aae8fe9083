import { setUpPage, t } from "./app.js";

setUpPage();
const version = document.getElementById("version");
version.textContent = t("privacy.version", { version: version.dataset.version });
