// Builds the static front end into frontend/dist from pinned npm packages.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, "frontend", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "govuk"), { recursive: true });

const result = sass.compile(join(root, "frontend", "opencsc.scss"), {
  importers: [new sass.NodePackageImporter()],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "opencsc.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk", "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(dist, "govuk", "assets", "images"), { recursive: true });
cpSync(join(root, "frontend", "opencsc.js"), join(dist, "opencsc.js"));
console.log(`front end built in ${dist}`);
