/**
 * @module
 * The indicators dashboard, dashbase's flagship example: real data sets in the database, a chart
 * and a summary computed in SQL, saved views, CSV uploads, and each visitor's last view restored.
 * Run it with `npm start` (embedded database) or with DATABASE_URL set (any PostgreSQL).
 */
import { createApp } from "dashbase";
import * as models from "./models.js";
import { addAboutPage } from "./pages/about-page.js";
import { addDataPage } from "./pages/data-page.js";
import { addExplorePage } from "./pages/explore-page.js";
import { addHistoryPage } from "./pages/history-page.js";
import { addSavePage } from "./pages/save-page.js";
import { seed } from "./seed.js";

const app = createApp({
  title: "Indicators",
  models,
  seed: async (db) => {
    await seed(db);
  },
  // A 2 MB CSV arrives base64-encoded in a callback body.
  server: { bodyLimit: 4 * 1024 * 1024 },
  // Optional sign-in: anonymous use works as before; signed in, saved views follow the user to any browser.
  auth: {},
});

addExplorePage(app);
addSavePage(app);
addHistoryPage(app);
addDataPage(app);
addAboutPage(app);

export default app;
